SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  `window_start`,
  `window_end`,
  COUNT(*) AS `views`,
  SUM(`price`) FILTER (WHERE `event_type` = 'purchase') AS `revenue`
FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR))
GROUP BY `user_id`, `window_start`, `window_end`;
END;
