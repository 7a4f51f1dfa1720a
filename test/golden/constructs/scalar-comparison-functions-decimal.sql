SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  `order_id`,
  GREATEST(`amount`, CAST(5 AS DECIMAL(10, 2))) AS `amount_at_least_5`,
  LEAST(`amount`, CAST(499.99 AS DECIMAL(10, 2))) AS `amount_at_most_500`,
  `amount` IN (100, 250.5) AS `big_order`,
  LEAST(`event_time`, (`event_time` + INTERVAL '1' HOUR)) AS `placed_at`,
  NULLIF(`order_id`, '') AS `order_ref`
FROM `orders`
WHERE (`user_id` IN ('u1', 'o''brien')) AND (`amount` BETWEEN 1 AND 1000);
END;
