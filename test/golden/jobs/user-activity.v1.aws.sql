SET 'pipeline.name' = 'user-activity.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

CREATE TEMPORARY TABLE `clicks` (
  `event_id` STRING,
  `user_id` STRING,
  `session_id` STRING,
  `event_type` STRING,
  `url` STRING,
  `referrer` STRING,
  `ip` STRING,
  `zip` STRING,
  `user_agent` STRING,
  `price` DOUBLE,
  `ts` BIGINT,
  `event_time` AS TO_TIMESTAMP_LTZ(`ts`, 3),
  `proc_time` AS PROCTIME(),
  WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kinesis-dead-lettering',
  'stream' = 'raw',
  'aws.region' = 'eu-west-1',
  'scan.stream.initpos' = 'LATEST',
  'scan.stream.recordpublisher' = 'EFO',
  'scan.stream.efo.consumername' = 'user_activity_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'user-activity.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `user_activity_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `event_id` STRING,
  `event_type` STRING,
  `url` STRING,
  `ip` STRING,
  `zip` STRING,
  `price` DOUBLE,
  `event_time` TIMESTAMP_LTZ(3),
  `hour_of_day` BIGINT,
  `day_of_week` BIGINT,
  `event_count_1h` BIGINT,
  `url_count_distinct_1h` BIGINT,
  `price_avg_1h` DOUBLE,
  `price_zscore_1h` DOUBLE
) PARTITIONED BY (`user_id`) WITH (
  'connector' = 'kinesis',
  'stream' = 'features',
  'aws.region' = 'eu-west-1',
  'sink.flush-buffer.timeout' = '100',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false'
);

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `user_activity_v1__sink`
SELECT
  `user_id`,
  'user-activity.v1' AS `feature_set`,
  `event_id`,
  `event_type`,
  `url`,
  `ip`,
  `zip`,
  `price`,
  `event_time`,
  CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 12, 2) AS BIGINT) AS `hour_of_day`,
  DAYOFWEEK(CAST(SUBSTRING(CONVERT_TZ(CAST(`event_time` AS STRING), 'UTC', 'America/New_York'), 1, 10) AS DATE)) AS `day_of_week`,
  COUNT(*) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `event_count_1h`,
  COUNT(DISTINCT `url`) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `url_count_distinct_1h`,
  AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) AS `price_avg_1h`,
  CASE WHEN STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW) > (0.000001 * ABS(AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW))) THEN ((CAST(`price` AS DOUBLE) - AVG(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)) / STDDEV_POP(CAST(`price` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)) END AS `price_zscore_1h`
FROM `clicks`;
END;
