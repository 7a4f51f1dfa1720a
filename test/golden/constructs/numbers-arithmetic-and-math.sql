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
  CAST(`ts` AS DOUBLE) / 1000 AS `epoch_seconds`,
  MOD(`ts`, 1000) AS `millis`,
  ROUND(`price`, 2) AS `price_rounded`,
  CASE WHEN `price` > 0 THEN LN(`price`) ELSE NULL END AS `log_price`,
  SIN(((CAST(HOUR(`event_time`) AS DOUBLE) / 24) * (2 * PI()))) AS `hour_angle_sin`,
  FLOOR(ABS(`price`)) AS `price_floor`
FROM `clicks`;
END;
