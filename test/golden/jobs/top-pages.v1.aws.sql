SET 'pipeline.name' = 'top-pages.v1';

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
  'scan.stream.efo.consumername' = 'top_pages_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'top-pages.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `top_pages_v1__sink` (
  `url` STRING,
  `feature_set` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `views_5m` BIGINT,
  `user_id_count_distinct_5m` BIGINT,
  `rank` BIGINT
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
INSERT INTO `top_pages_v1__sink`
SELECT
  `url`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `views_5m`,
  `user_id_count_distinct_5m`,
  `rank`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `views_5m` DESC, `url`) AS `rank`
  FROM (
    SELECT
      `url`,
      'top-pages.v1' AS `feature_set`,
      `window_start`,
      `window_end`,
      COUNT(*) AS `views_5m`,
      COUNT(DISTINCT `user_id`) AS `user_id_count_distinct_5m`
    FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE))
    WHERE `event_type` = 'view'
    GROUP BY `url`, `window_start`, `window_end`
  ) AS `aggregated`
) AS `ranked`
WHERE `rank` <= 10;
END;
