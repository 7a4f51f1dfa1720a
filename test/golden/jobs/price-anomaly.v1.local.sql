SET 'pipeline.name' = 'price-anomaly.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '604800000 ms';

CREATE TEMPORARY SYSTEM FUNCTION `RCF_SCORE` AS 'com.clickstream.runner.udf.RcfScore' LANGUAGE JAVA;

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
  'dead-letter.job' = 'price-anomaly.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'http://127.0.0.1:9324/000000000000/clickstream-jobs-dlq',
  'dead-letter.endpoint' = 'http://127.0.0.1:9324'
);

CREATE TEMPORARY TABLE `price_anomaly_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `event_id` STRING,
  `event_type` STRING,
  `event_time` TIMESTAMP_LTZ(3),
  `price` DOUBLE,
  `hour_of_day` BIGINT,
  `price_anomaly_score` DOUBLE
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

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `price_anomaly_v1__sink`
SELECT
  `user_id`,
  'price-anomaly.v1' AS `feature_set`,
  `event_id`,
  `event_type`,
  `event_time`,
  `price`,
  HOUR(`event_time`) AS `hour_of_day`,
  `RCF_SCORE`(30, 128, CAST(0.00078125 AS DOUBLE), 1, 32, CAST(`price` AS DOUBLE), CAST(HOUR(`event_time`) AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `event_time` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `price_anomaly_score`
FROM `clicks`
WHERE (`price` IS NOT NULL);
END;
