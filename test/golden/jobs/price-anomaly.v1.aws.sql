SET 'pipeline.name' = 'price-anomaly.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

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
  'aws.region' = 'eu-west-1',
  'scan.stream.initpos' = 'LATEST',
  'scan.stream.recordpublisher' = 'EFO',
  'scan.stream.efo.consumername' = 'price_anomaly_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'price-anomaly.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
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
  'aws.region' = 'eu-west-1',
  'sink.flush-buffer.timeout' = '100',
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
