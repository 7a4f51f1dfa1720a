SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

CREATE TEMPORARY SYSTEM FUNCTION `APPROX_PERCENTILE` AS 'com.clickstream.runner.udf.ApproxPercentile' LANGUAGE JAVA;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  `window_start`,
  `window_end`,
  `APPROX_PERCENTILE`(CAST(`price` AS DOUBLE), 0.95) AS `price_p95_5m`,
  `APPROX_PERCENTILE`(CAST(`price` AS DOUBLE), 0.999) AS `price_p99_9_5m`
FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY `user_id`, `window_start`, `window_end`;
END;
