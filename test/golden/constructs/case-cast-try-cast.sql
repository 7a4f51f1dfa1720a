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
  CASE WHEN `price` >= 100 THEN 'high' WHEN `price` >= 10 THEN 'mid' ELSE 'low' END AS `price_band`,
  TRY_CAST(`zip` AS INT) AS `zip_number`,
  CAST(`ts` AS STRING) AS `ts_text`
FROM `clicks`;
END;
