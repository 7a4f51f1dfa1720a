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
  `event_id`,
  `price` IN (10, 99.5) AS `round_price`,
  `price` BETWEEN 10 AND 100 AS `mid_price`,
  GREATEST(`price`, 0) AS `price_floor`,
  LEAST(`price`, 50, 75.5) AS `price_cap`,
  GREATEST(`url`, '/m') AS `later_url`,
  NULLIF(`referrer`, '') AS `referrer`,
  REGEXP_EXTRACT(`url`, '[a-z]+', 0) AS `first_part`,
  SUBSTRING(`url`, 2) AS `url_tail`
FROM `clicks`
WHERE (NOT (`event_type` IN ('heartbeat')));
END;
