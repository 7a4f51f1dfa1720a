SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `url`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `event_count_10m`,
  `price_sum_10m`,
  `rank`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `price_sum_10m`) AS `rank`
  FROM (
    SELECT
      `url`,
      'construct.v1' AS `feature_set`,
      `window_start`,
      `window_end`,
      COUNT(*) AS `event_count_10m`,
      SUM(`price`) AS `price_sum_10m`
    FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))
    GROUP BY `url`, `window_start`, `window_end`
  ) AS `aggregated`
) AS `ranked`
WHERE `rank` <= 5;
END;
