SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `event_count_1m`,
  `busy`
FROM (
  SELECT
    `user_id`,
    `feature_set`,
    `window_start`,
    `window_end`,
    `event_count_1m`,
    CASE WHEN `event_count_1m` > 100 THEN TRUE ELSE FALSE END AS `busy`
  FROM (
    SELECT
      `user_id`,
      'construct.v1' AS `feature_set`,
      `window_start`,
      `window_end`,
      COUNT(*) AS `event_count_1m`
    FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))
    GROUP BY `user_id`, `window_start`, `window_end`
  ) AS `features`
) AS `kept`
WHERE `busy`;
END;
