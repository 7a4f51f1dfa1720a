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
  MINUTE(`event_time`) AS `minute_utc`,
  CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Asia/Kolkata'), 15, 2) AS BIGINT) AS `minute_kolkata`,
  SECOND(`event_time`) AS `second`,
  CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 9, 2) AS BIGINT) AS `day_of_month`,
  MONTH(`event_time`) AS `month`,
  CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Pacific/Auckland'), 1, 4) AS BIGINT) AS `year`,
  WEEK(CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'Europe/Berlin'), 1, 10) AS DATE)) AS `week`,
  CAST(FLOOR(CAST(`event_time` AS TIMESTAMP(3)) TO MINUTE) AS TIMESTAMP_LTZ(3)) AS `minute_start`,
  FLOOR(`event_time` TO HOUR) AS `hour_start`,
  CAST(CONVERT_TZ(CONCAT(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 1, 10), ' 00:00:00'), 'America/New_York', 'UTC') AS TIMESTAMP_LTZ(3)) AS `shop_day`,
  DATE_FORMAT(`event_time`, 'yyyy-MM-dd''T''HH:mm:ss.SSS') AS `utc_date`,
  DATE_FORMAT(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 'EEE') AS `shop_weekday`
FROM `clicks`;
END;
