SET 'pipeline.name' = 'user-sessions.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

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
  'aws.region' = 'us-east-1',
  'aws.endpoint' = 'http://127.0.0.1:4567',
  'aws.credentials.provider' = 'BASIC',
  'aws.credentials.basic.accesskeyid' = 'local',
  'aws.credentials.basic.secretkey' = 'local',
  'scan.stream.initpos' = 'TRIM_HORIZON',
  'scan.shard.getrecords.intervalmillis' = '20',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'user-sessions.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'http://127.0.0.1:9324/000000000000/clickstream-jobs-dlq',
  'dead-letter.endpoint' = 'http://127.0.0.1:9324'
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
  'aws.region' = 'us-east-1',
  'aws.endpoint' = 'http://127.0.0.1:4567',
  'aws.credentials.provider' = 'BASIC',
  'aws.credentials.basic.accesskeyid' = 'local',
  'aws.credentials.basic.secretkey' = 'local',
  'aws.trust.all.certificates' = 'true',
  'aws.http.protocol.version' = 'HTTP1_1',
  'sink.flush-buffer.timeout' = '20',
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
  'path' = 'file:///srv/clickstream/data-lake/user-sessions',
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
