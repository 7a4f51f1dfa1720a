SET 'pipeline.name' = 'session-landing.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

SET 'table.exec.state.ttl' = '86400000 ms';

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
  'scan.stream.efo.consumername' = 'session_landing_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'session-landing.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY VIEW `session_landings` AS
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
    ROW_NUMBER() OVER (PARTITION BY `session_id` ORDER BY `proc_time`) AS `row_num`
  FROM `clicks`
) AS `ranked`
WHERE `row_num` = 1;

CREATE TEMPORARY TABLE `session_landing_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `event_id` STRING,
  `session_id` STRING,
  `event_type` STRING,
  `landing_url` STRING,
  `landing_referrer` STRING,
  `seconds_since_landing` INT
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
INSERT INTO `session_landing_v1__sink`
SELECT /*+ STATE_TTL('click' = '600000 ms', 'landing' = '86400000 ms') */
  `click`.`user_id` AS `user_id`,
  'session-landing.v1' AS `feature_set`,
  `click`.`event_id` AS `event_id`,
  `click`.`session_id` AS `session_id`,
  `click`.`event_type` AS `event_type`,
  `landing`.`url` AS `landing_url`,
  `landing`.`referrer` AS `landing_referrer`,
  TIMESTAMPDIFF(SECOND, `landing`.`event_time`, `click`.`event_time`) AS `seconds_since_landing`
FROM `clicks` AS `click`
JOIN `session_landings` AS `landing` ON `click`.`session_id` = `landing`.`session_id`;
END;
