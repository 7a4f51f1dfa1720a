SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `session_id`,
  'construct.v1' AS `feature_set`,
  `referrer`,
  `searches`,
  `clicks_in_match`,
  `viewed_price_avg`,
  `cart_value`,
  `first_cart_at`,
  `bought_at`
FROM `clicks`
  MATCH_RECOGNIZE (
    PARTITION BY `session_id`
    ORDER BY `event_time`
    MEASURES
      `landed`.`referrer` AS `referrer`,
      COUNT(`searching`.`event_id`) AS `searches`,
      COUNT(*) AS `clicks_in_match`,
      AVG(CAST(`viewing`.`price` AS DOUBLE)) AS `viewed_price_avg`,
      SUM(`carted`.`price`) AS `cart_value`,
      MIN(`carted`.`event_time`) AS `first_cart_at`,
      `bought`.`event_time` AS `bought_at`
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (`landed`? `searching`*? `viewing`{2,5} `carted`+ `paying`+ `bought`) WITHIN INTERVAL '6' HOUR
    DEFINE
      `landed` AS (`landed`.`referrer` IS NOT NULL),
      `searching` AS `searching`.`url` = '/search',
      `viewing` AS `viewing`.`event_type` = 'view',
      `carted` AS `carted`.`event_type` = 'add_to_cart',
      `paying` AS `paying`.`event_type` = 'checkout',
      `bought` AS (`bought`.`event_type` = 'purchase') AND (`bought`.`event_time` <= (`carted`.`event_time` + INTERVAL '2' HOUR))
  ) AS `matched`;
END;
