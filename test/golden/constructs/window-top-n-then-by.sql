SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `url`,
  `event_type`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `event_count_5m`,
  `user_id_count_distinct_5m`,
  `rank`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `event_count_5m` DESC, `user_id_count_distinct_5m` DESC, `url`, `event_type`) AS `rank`
  FROM (
    SELECT
      `url`,
      `event_type`,
      'construct.v1' AS `feature_set`,
      `window_start`,
      `window_end`,
      COUNT(*) AS `event_count_5m`,
      COUNT(DISTINCT `user_id`) AS `user_id_count_distinct_5m`
    FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE))
    GROUP BY `url`, `event_type`, `window_start`, `window_end`
  ) AS `aggregated`
) AS `ranked`
WHERE `rank` <= 10;
END;
