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
  `event_count_10m`,
  `revenue`,
  CASE WHEN STDDEV_POP(CAST(`event_count_10m` AS DOUBLE)) OVER (PARTITION BY `url`, `event_type` ORDER BY `window_time` ROWS BETWEEN 12 PRECEDING AND CURRENT ROW) > (0.000001 * ABS(AVG(CAST(`event_count_10m` AS DOUBLE)) OVER (PARTITION BY `url`, `event_type` ORDER BY `window_time` ROWS BETWEEN 12 PRECEDING AND CURRENT ROW))) THEN ((CAST(`event_count_10m` AS DOUBLE) - AVG(CAST(`event_count_10m` AS DOUBLE)) OVER (PARTITION BY `url`, `event_type` ORDER BY `window_time` ROWS BETWEEN 12 PRECEDING AND CURRENT ROW)) / STDDEV_POP(CAST(`event_count_10m` AS DOUBLE)) OVER (PARTITION BY `url`, `event_type` ORDER BY `window_time` ROWS BETWEEN 12 PRECEDING AND CURRENT ROW)) END AS `event_count_10m_zscore_12rows`,
  MAX(`revenue`) OVER (PARTITION BY `url`, `event_type` ORDER BY `window_time` ROWS BETWEEN 12 PRECEDING AND CURRENT ROW) AS `best_revenue`
FROM (
  SELECT
    `url`,
    `event_type`,
    'construct.v1' AS `feature_set`,
    `window_start`,
    `window_end`,
    COUNT(*) AS `event_count_10m`,
    SUM(`price`) AS `revenue`,
    `window_time`
  FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`proc_time`), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))
  GROUP BY `url`, `event_type`, `window_start`, `window_end`, `window_time`
) AS `windowed`;
END;
