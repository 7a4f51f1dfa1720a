SET 'pipeline.name' = 'click-rate-anomaly.v1';

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
  'scan.stream.efo.consumername' = 'click_rate_anomaly_v1',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601',
  'json.ignore-parse-errors' = 'false',
  'dead-letter.job' = 'click-rate-anomaly.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'https://sqs.eu-west-1.amazonaws.com/123456789012/clickstream-jobs-dlq',
  'dead-letter.region' = 'eu-west-1',
  'dead-letter.payloads' = 's3://clickstream-dead-letter-payloads/flink'
);

CREATE TEMPORARY TABLE `click_rate_anomaly_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `clicks` BIGINT,
  `clicks_avg_1d` DOUBLE,
  `clicks_zscore_1d` DOUBLE,
  `unusual_rate` BOOLEAN,
  `rate_spike` BOOLEAN,
  `bot_rate` BOOLEAN
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
INSERT INTO `click_rate_anomaly_v1__sink`
SELECT
  `user_id`,
  `feature_set`,
  `window_start`,
  `window_end`,
  `clicks`,
  `clicks_avg_1d`,
  `clicks_zscore_1d`,
  CASE WHEN `clicks_zscore_1d` > 3 THEN TRUE ELSE FALSE END AS `unusual_rate`,
  CASE WHEN (`clicks` > (`clicks_avg_1d` * 5)) AND (`clicks` >= 20) THEN TRUE ELSE FALSE END AS `rate_spike`,
  CASE WHEN `clicks` > 20 THEN TRUE ELSE FALSE END AS `bot_rate`
FROM (
  SELECT
    `user_id`,
    `feature_set`,
    `window_start`,
    `window_end`,
    `clicks`,
    AVG(CAST(`clicks` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `window_time` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW) AS `clicks_avg_1d`,
    CASE WHEN STDDEV_POP(CAST(`clicks` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `window_time` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW) > (0.000001 * ABS(AVG(CAST(`clicks` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `window_time` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW))) THEN ((CAST(`clicks` AS DOUBLE) - AVG(CAST(`clicks` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `window_time` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)) / STDDEV_POP(CAST(`clicks` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `window_time` RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)) END AS `clicks_zscore_1d`
  FROM (
    SELECT
      `user_id`,
      'click-rate-anomaly.v1' AS `feature_set`,
      `window_start`,
      `window_end`,
      COUNT(*) AS `clicks`,
      `window_time`
    FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))
    GROUP BY `user_id`, `window_start`, `window_end`, `window_time`
  ) AS `windowed`
) AS `features`;
END;
