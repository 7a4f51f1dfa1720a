SET 'pipeline.name' = 'url-traffic.v1';

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
  'scan.stream.efo.consumername' = 'url_traffic_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'url-traffic.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `url_traffic_v1__sink` (
  `url` STRING,
  `feature_set` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `event_count_1m` BIGINT,
  `user_id_count_distinct_1m` BIGINT,
  `revenue_1m` DOUBLE
) PARTITIONED BY (`url`) WITH (
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
INSERT INTO `url_traffic_v1__sink`
SELECT
  `url`,
  'url-traffic.v1' AS `feature_set`,
  `window_start`,
  `window_end`,
  COUNT(*) AS `event_count_1m`,
  COUNT(DISTINCT `user_id`) AS `user_id_count_distinct_1m`,
  SUM(`price`) FILTER (WHERE `event_type` = 'purchase') AS `revenue_1m`
FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '30' SECOND, INTERVAL '1' MINUTE))
GROUP BY `url`, `window_start`, `window_end`;
END;
