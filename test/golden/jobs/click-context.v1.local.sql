SET 'pipeline.name' = 'click-context.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

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
  'dead-letter.job' = 'click-context.v1',
  'dead-letter.required-columns' = 'event_id;user_id;session_id;event_type;url;ip;user_agent;ts',
  'dead-letter.queue-url' = 'http://127.0.0.1:9324/000000000000/clickstream-jobs-dlq',
  'dead-letter.endpoint' = 'http://127.0.0.1:9324'
);

CREATE TEMPORARY TABLE `zip_codes` (
  `zip` STRING,
  `city` STRING,
  `state` STRING,
  `median_income` BIGINT,
  `population_density` DOUBLE,
  PRIMARY KEY (`zip`) NOT ENFORCED
) WITH (
  'connector' = 'redis',
  'url' = 'redis://127.0.0.1:6379',
  'key-prefix' = 'zip:',
  'lookup.cache' = 'PARTIAL',
  'lookup.partial-cache.max-rows' = '100000',
  'lookup.partial-cache.expire-after-write' = '600000 ms',
  'format' = 'json'
);

CREATE TEMPORARY TABLE `page_categories` (
  `url` STRING,
  `category` STRING,
  `is_checkout` BOOLEAN,
  PRIMARY KEY (`url`) NOT ENFORCED
) WITH (
  'connector' = 'reference-file',
  'path' = 'file:///srv/clickstream/reference/page-categories.jsonl',
  'reload-interval' = '900000 ms',
  'format' = 'json'
);

CREATE TEMPORARY TABLE `click_context_v1__sink` (
  `user_id` STRING,
  `feature_set` STRING,
  `event_id` STRING,
  `event_type` STRING,
  `event_time` TIMESTAMP_LTZ(3),
  `zip` STRING,
  `city` STRING,
  `state` STRING,
  `median_income` BIGINT,
  `population_density` DOUBLE,
  `page_category` STRING,
  `is_checkout` BOOLEAN,
  `price` DOUBLE,
  `price_per_10k_income` DOUBLE
) PARTITIONED BY (`user_id`) WITH (
  'connector' = 'kinesis',
  'stream' = 'features',
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
INSERT INTO `click_context_v1__sink`
SELECT
  `clicks`.`user_id` AS `user_id`,
  'click-context.v1' AS `feature_set`,
  `clicks`.`event_id` AS `event_id`,
  `clicks`.`event_type` AS `event_type`,
  `clicks`.`event_time` AS `event_time`,
  `clicks`.`zip` AS `zip`,
  `area`.`city` AS `city`,
  `area`.`state` AS `state`,
  `area`.`median_income` AS `median_income`,
  `area`.`population_density` AS `population_density`,
  `page`.`category` AS `page_category`,
  `page`.`is_checkout` AS `is_checkout`,
  `clicks`.`price` AS `price`,
  CASE WHEN `area`.`median_income` <> 0 THEN ((`clicks`.`price` * 10000) / `area`.`median_income`) ELSE NULL END AS `price_per_10k_income`
FROM `clicks`
LEFT JOIN `zip_codes` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `area` ON `area`.`zip` = `clicks`.`zip`
LEFT JOIN `page_categories` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `page` ON `page`.`url` = `clicks`.`url`;
END;
