SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  `session_id`,
  'construct.v1' AS `feature_set`,
  `window_start`,
  `window_end`,
  COUNT(*) AS `event_count_session`
FROM TABLE(SESSION(TABLE `clicks` PARTITION BY (`user_id`, `session_id`), DESCRIPTOR(`event_time`), INTERVAL '30' MINUTE))
GROUP BY `user_id`, `session_id`, `window_start`, `window_end`;
END;
