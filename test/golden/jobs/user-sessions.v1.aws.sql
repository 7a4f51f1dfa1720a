SET 'pipeline.name' = 'user-sessions.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

CREATE TEMPORARY SYSTEM FUNCTION `APPROX_PERCENTILE` AS 'com.clickstream.runner.udf.ApproxPercentile' LANGUAGE JAVA;

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
  'scan.stream.efo.consumername' = 'user_sessions_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'user-sessions.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY VIEW `user_sessions_v1__rows` AS
SELECT
  `user_id`,
  'user-sessions.v1' AS `feature_set`,
  `window_start`,
  `window_end`,
  COUNT(*) AS `event_count_session`,
  COUNT(DISTINCT `url`) AS `url_count_distinct_session`,
  SUM(`price`) AS `price_sum_session`,
  MAX(`price`) AS `price_max_session`,
  `APPROX_PERCENTILE`(CAST(`price` AS DOUBLE), 0.5) FILTER (WHERE `event_type` = 'view') AS `viewed_price_p50_session`,
  MIN(`event_time`) AS `session_first_event_at`,
  COUNT(`price`) FILTER (WHERE `event_type` = 'purchase') AS `purchases_in_session`
FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`event_time`), INTERVAL '30' MINUTE))
GROUP BY `user_id`, `window_start`, `window_end`;

CREATE TEMPORARY TABLE `user_sessions_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `event_count_session` BIGINT,
  `url_count_distinct_session` BIGINT,
  `price_sum_session` DOUBLE,
  `price_max_session` DOUBLE,
  `viewed_price_p50_session` DOUBLE,
  `session_first_event_at` TIMESTAMP_LTZ(3),
  `purchases_in_session` BIGINT
) PARTITIONED BY (`user_id`) WITH (
  'connector' = 'kinesis',
  'stream' = 'features',
  'aws.region' = 'eu-west-1',
  'sink.flush-buffer.timeout' = '100',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false'
);

CREATE TEMPORARY TABLE `user_sessions_v1__data_lake` (
  `user_id` STRING,
  `feature_set` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `event_count_session` BIGINT,
  `url_count_distinct_session` BIGINT,
  `price_sum_session` DOUBLE,
  `price_max_session` DOUBLE,
  `viewed_price_p50_session` DOUBLE,
  `session_first_event_at` TIMESTAMP_LTZ(3),
  `purchases_in_session` BIGINT,
  `dt` STRING
) PARTITIONED BY (`dt`) WITH (
  'connector' = 'filesystem',
  'path' = 's3://clickstream-data-lake/jobs/user-sessions',
  'format' = 'parquet',
  'parquet.compression' = 'SNAPPY'
);

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `user_sessions_v1__sink`
SELECT
  `user_id`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `event_count_session`,
  `url_count_distinct_session`,
  `price_sum_session`,
  `price_max_session`,
  `viewed_price_p50_session`,
  `session_first_event_at`,
  `purchases_in_session`
FROM `user_sessions_v1__rows`;

INSERT INTO `user_sessions_v1__data_lake`
SELECT
  `user_id`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `event_count_session`,
  `url_count_distinct_session`,
  `price_sum_session`,
  `price_max_session`,
  `viewed_price_p50_session`,
  `session_first_event_at`,
  `purchases_in_session`,
  DATE_FORMAT(`window_start`, 'yyyy-MM-dd') AS `dt`
FROM `user_sessions_v1__rows`;
END;
