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
  COALESCE(`zip`, 'unknown') AS `zip`,
  LOWER(`url`) AS `url_lower`,
  UPPER(`event_type`) AS `type_upper`,
  CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Asia/Kolkata'), 12, 2) AS BIGINT) AS `hour_of_day`,
  DAYOFWEEK(`event_time`) AS `day_of_week`
FROM `clicks`
WHERE `event_type` <> 'heartbeat';
END;
