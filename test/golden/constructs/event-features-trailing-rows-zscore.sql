SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `session_id`,
  'construct.v1' AS `feature_set`,
  `event_id`,
  `price`,
  CASE WHEN STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `session_id` ORDER BY `event_time` ROWS BETWEEN 50 PRECEDING AND CURRENT ROW) > (0.000001 * ABS(AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `session_id` ORDER BY `event_time` ROWS BETWEEN 50 PRECEDING AND CURRENT ROW))) THEN ((CAST(`price` AS DOUBLE) - AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `session_id` ORDER BY `event_time` ROWS BETWEEN 50 PRECEDING AND CURRENT ROW)) / STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `session_id` ORDER BY `event_time` ROWS BETWEEN 50 PRECEDING AND CURRENT ROW)) END AS `price_zscore_50rows`,
  AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `session_id` ORDER BY `event_time` ROWS BETWEEN 50 PRECEDING AND CURRENT ROW) AS `price_avg_50rows`
FROM `clicks`;
END;
