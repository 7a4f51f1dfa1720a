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
  `event_id`,
  `price`,
  `event_count_1h`,
  `price_avg_1h`,
  `price_zscore_1h`,
  CASE WHEN (`price_zscore_1h` > 3) OR (`price_zscore_1h` < -3) THEN TRUE ELSE FALSE END AS `price_outlier`,
  CASE WHEN `price` < `price_avg_1h` THEN TRUE ELSE FALSE END AS `cheap`,
  CASE WHEN `event_count_1h` > (10 * 3) THEN TRUE ELSE FALSE END AS `busy`
FROM (
  SELECT
    `user_id`,
    'construct.v1' AS `feature_set`,
    `event_id`,
    `price`,
    COUNT(*) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `event_count_1h`,
    AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `price_avg_1h`,
    CASE WHEN STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) > (0.000001 * ABS(AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW))) THEN ((CAST(`price` AS DOUBLE) - AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)) / STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)) END AS `price_zscore_1h`
  FROM `clicks`
) AS `features`;
END;
