SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '30 s';

SET 'table.exec.state.ttl' = '2592000000 ms';

CREATE TEMPORARY VIEW `latest_orders` AS
SELECT
  `order_id`,
  `user_id`,
  `amount`,
  `placed_at`,
  `event_time`,
  `proc_time`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `user_id` ORDER BY `event_time` DESC) AS `row_num`
  FROM `orders`
) AS `ranked`
WHERE `row_num` = 1;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `c`.`user_id` AS `user_id`,
  'construct.v1' AS `feature_set`,
  `last_order`.`amount` AS `last_amount`,
  CAST(`last_order`.`event_time` AS TIMESTAMP_LTZ(3)) AS `last_order_at`
FROM `clicks` AS `c`
LEFT JOIN `latest_orders` FOR SYSTEM_TIME AS OF `c`.`event_time` AS `last_order` ON `c`.`user_id` = `last_order`.`user_id`
WHERE `c`.`event_type` <> 'bot';
END;
