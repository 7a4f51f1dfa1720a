SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

CREATE TEMPORARY VIEW `construct_v1__rows` AS
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  `event_id`,
  `url`,
  `event_time` AS `at`
FROM `clicks`;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  `feature_set`,
  `event_id`,
  `url`,
  `at`
FROM `construct_v1__rows`;

INSERT INTO `construct_v1__data_lake`
SELECT
  `user_id`,
  `feature_set`,
  `event_id`,
  `url`,
  `at`,
  DATE_FORMAT(`at`, 'yyyy-MM-dd') AS `dt`,
  DATE_FORMAT(`at`, 'HH') AS `hr`
FROM `construct_v1__rows`;
END;
