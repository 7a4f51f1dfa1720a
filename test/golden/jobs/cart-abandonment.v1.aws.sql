SET 'pipeline.name' = 'cart-abandonment.v1';

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
  'scan.stream.efo.consumername' = 'cart_abandonment_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'cart-abandonment.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `cart_abandonment_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `product_url` STRING,
  `cart_price` DOUBLE,
  `carted_at` TIMESTAMP_LTZ(3),
  `clicks_after_cart` BIGINT,
  `left_from_url` STRING,
  `returned_at` TIMESTAMP_LTZ(3)
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
INSERT INTO `cart_abandonment_v1__sink`
SELECT
  `user_id`,
  'cart-abandonment.v1' AS `feature_set`,
  `product_url`,
  `cart_price`,
  `carted_at`,
  `clicks_after_cart`,
  `left_from_url`,
  `returned_at`
FROM `clicks`
  MATCH_RECOGNIZE (
    PARTITION BY `user_id`
    ORDER BY `event_time`
    MEASURES
      `viewed`.`url` AS `product_url`,
      `carted`.`price` AS `cart_price`,
      `carted`.`event_time` AS `carted_at`,
      COUNT(`lingering`.`event_id`) AS `clicks_after_cart`,
      `lingering`.`url` AS `left_from_url`,
      `returned`.`event_time` AS `returned_at`
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (`viewed` `carted` `lingering`* `returned`) WITHIN INTERVAL '1' DAY
    DEFINE
      `viewed` AS `viewed`.`event_type` = 'view',
      `carted` AS `carted`.`event_type` = 'add_to_cart',
      `lingering` AS (`lingering`.`event_type` <> 'purchase') AND (`lingering`.`event_time` < (`carted`.`event_time` + INTERVAL '30' MINUTE)),
      `returned` AS `returned`.`event_time` >= (`carted`.`event_time` + INTERVAL '30' MINUTE)
  ) AS `matched`;
END;
