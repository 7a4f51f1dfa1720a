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
  `event_id`,
  COUNT(*) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '30' MINUTE PRECEDING AND CURRENT ROW) AS `event_count_30m`,
  SUM(`price`) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '30' MINUTE PRECEDING AND CURRENT ROW) AS `price_sum_30m`,
  MAX(`price`) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '30' MINUTE PRECEDING AND CURRENT ROW) AS `max_recent_price`
FROM `clicks`;
END;
