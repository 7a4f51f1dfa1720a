SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '86400000 ms';

CREATE TEMPORARY VIEW `first_clicks` AS
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
    ROW_NUMBER() OVER (PARTITION BY `user_id` ORDER BY `proc_time`) AS `row_num`
  FROM `clicks`
) AS `ranked`
WHERE `row_num` = 1;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  CAST('priced' AS STRING) AS `signal`,
  `price` AS `value`,
  `ts`
FROM (
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
  WHERE `row_num` = 1
) AS `part`
WHERE `price` > 0
UNION ALL
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  CAST('seconds since first click' AS STRING) AS `signal`,
  CAST(`since_first` AS DOUBLE) AS `value`,
  `ts`
FROM (
  SELECT
    `click`.`user_id` AS `user_id`,
    'construct.v1' AS `feature_set`,
    TIMESTAMPDIFF(SECOND, `first`.`event_time`, `click`.`event_time`) AS `since_first`,
    `click`.`ts` AS `ts`
  FROM `clicks` AS `click`
  JOIN `first_clicks` AS `first` ON `click`.`user_id` = `first`.`user_id`
) AS `part`;
END;
