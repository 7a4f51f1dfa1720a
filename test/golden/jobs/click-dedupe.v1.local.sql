SET 'pipeline.name' = 'click-dedupe.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '3600000 ms';

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
  'dead-letter.job' = 'click-dedupe.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'http://127.0.0.1:9324/000000000000/clickstream-jobs-dlq',
  'dead-letter.endpoint' = 'http://127.0.0.1:9324'
);

CREATE TEMPORARY TABLE `click_dedupe_v1__sink` (
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
  `ts` BIGINT
) PARTITIONED BY (`event_id`) WITH (
  'connector' = 'kinesis',
  'stream' = 'clicks-deduped',
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
INSERT INTO `click_dedupe_v1__sink`
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
  `ts`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `event_id` ORDER BY `proc_time`) AS `row_num`
  FROM `clicks`
) AS `ranked`
WHERE `row_num` = 1;
END;
