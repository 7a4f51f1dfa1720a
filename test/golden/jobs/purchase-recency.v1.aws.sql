SET 'pipeline.name' = 'purchase-recency.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

SET 'table.exec.state.ttl' = '2592000000 ms';

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
  'scan.stream.efo.consumername' = 'purchase_recency_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'purchase-recency.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY VIEW `latest_purchases` AS
SELECT
  `event_id`,
  `user_id`,
  `session_id`,
  `event_type`,
  `url`,
  `referrer`,
  `ip`,
  `zip`,
  `user_agent`,
  `price`,
  `ts`,
  `event_time`,
  `proc_time`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `user_id` ORDER BY `event_time` DESC) AS `row_num`
  FROM `clicks`
  WHERE `event_type` = 'purchase'
) AS `ranked`
WHERE `row_num` = 1;

CREATE TEMPORARY TABLE `purchase_recency_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `event_id` STRING,
  `event_type` STRING,
  `last_purchase_event_id` STRING,
  `last_order_value` DOUBLE,
  `seconds_since_purchase` INT
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
INSERT INTO `purchase_recency_v1__sink`
SELECT
  `click`.`user_id` AS `user_id`,
  'purchase-recency.v1' AS `feature_set`,
  `click`.`event_id` AS `event_id`,
  `click`.`event_type` AS `event_type`,
  `purchase`.`event_id` AS `last_purchase_event_id`,
  `purchase`.`price` AS `last_order_value`,
  TIMESTAMPDIFF(SECOND, `purchase`.`event_time`, `click`.`event_time`) AS `seconds_since_purchase`
FROM `clicks` AS `click`
LEFT JOIN `latest_purchases` FOR SYSTEM_TIME AS OF `click`.`event_time` AS `purchase` ON `click`.`user_id` = `purchase`.`user_id`;
END;
