SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '604800000 ms';

CREATE TEMPORARY VIEW `first_views` AS
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
  WHERE `event_type` = 'view'
) AS `ranked`
WHERE `row_num` = 1;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `order`.`order_id` AS `order_id`,
  'construct.v1' AS `feature_set`,
  `order`.`amount` AS `amount`,
  `first_view`.`url` AS `first_viewed_url`,
  TIMESTAMPDIFF(SECOND, `first_view`.`event_time`, `order`.`event_time`) AS `seconds_from_first_view`
FROM `orders` AS `order`
JOIN `first_views` AS `first_view` ON `order`.`user_id` = `first_view`.`user_id`
WHERE `order`.`amount` > 0;
END;
