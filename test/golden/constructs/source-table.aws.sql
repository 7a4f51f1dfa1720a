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
  'connector' = 'kinesis',
  'stream.arn' = 'arn:aws:kinesis:eu-west-1:123456789012:stream/raw',
  'aws.region' = 'eu-west-1',
  'source.init.position' = 'LATEST',
  'source.reader.type' = 'EFO',
  'source.efo.consumer.name' = 'construct_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false'
);
