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
  `carted_at`,
  `paid_at`
FROM `clicks`
  MATCH_RECOGNIZE (
    PARTITION BY `user_id`
    ORDER BY `event_time`
    MEASURES
      `carted`.`event_time` AS `carted_at`,
      `paid`.`event_time` AS `paid_at`
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (`carted` `paid`?) WITHIN INTERVAL '1' HOUR
    DEFINE
      `carted` AS `carted`.`event_type` = 'add_to_cart',
      `paid` AS `paid`.`event_type` = 'checkout'
  ) AS `matched`;
END;
