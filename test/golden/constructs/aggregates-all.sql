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
  COUNT(*) AS `event_count_5m`,
  COUNT(`referrer`) AS `referrer_count_5m`,
  COUNT(DISTINCT `url`) AS `url_count_distinct_5m`,
  SUM(`price`) AS `price_sum_5m`,
  AVG(CAST(`price` AS DOUBLE)) AS `price_avg_5m`,
  MIN(`event_time`) AS `event_time_min_5m`,
  MAX(`price`) AS `price_max_5m`,
  STDDEV_POP(CAST(`price` AS DOUBLE)) AS `price_stddev_5m`,
  VAR_POP(CAST(`price` AS DOUBLE)) AS `price_variance_5m`,
  FIRST_VALUE(`url`) AS `url_first_5m`,
  LAST_VALUE(`url`) AS `url_last_5m`
FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE))
GROUP BY `user_id`, `window_start`, `window_end`;
END;
