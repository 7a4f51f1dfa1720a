SET 'pipeline.name' = 'view-to-purchase.v1';

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
  'scan.stream.efo.consumername' = 'view_to_purchase_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'view-to-purchase.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `view_to_purchase_v1__sink` (
  `session_id` STRING,
  `feature_set` STRING,
  `user_id` STRING,
  `viewed_event_id` STRING,
  `product_url` STRING,
  `product_price` DOUBLE,
  `viewed_at` TIMESTAMP_LTZ(3),
  `purchase_event_id` STRING,
  `order_value` DOUBLE,
  `bought_at` TIMESTAMP_LTZ(3)
) PARTITIONED BY (`session_id`) WITH (
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
INSERT INTO `view_to_purchase_v1__sink`
SELECT
  `viewed`.`session_id` AS `session_id`,
  'view-to-purchase.v1' AS `feature_set`,
  `viewed`.`user_id` AS `user_id`,
  `viewed`.`event_id` AS `viewed_event_id`,
  `viewed`.`url` AS `product_url`,
  `viewed`.`price` AS `product_price`,
  CAST(`viewed`.`event_time` AS TIMESTAMP_LTZ(3)) AS `viewed_at`,
  `bought`.`event_id` AS `purchase_event_id`,
  `bought`.`price` AS `order_value`,
  CAST(`bought`.`event_time` AS TIMESTAMP_LTZ(3)) AS `bought_at`
FROM `clicks` AS `viewed`
JOIN `clicks` AS `bought` ON ((`viewed`.`session_id` = `bought`.`session_id`) AND (`bought`.`event_time` >= `viewed`.`event_time`)) AND (`bought`.`event_time` <= (`viewed`.`event_time` + INTERVAL '30' MINUTE))
WHERE ((`viewed`.`event_type` = 'view') AND (`viewed`.`price` IS NOT NULL)) AND (`bought`.`event_type` = 'purchase');
END;
