SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `carted`.`user_id` AS `user_id`,
  'construct.v1' AS `feature_set`,
  `searched`.`url` AS `search_url`,
  CAST(`carted`.`event_time` AS TIMESTAMP_LTZ(3)) AS `carted_at`
FROM `clicks` AS `carted`
JOIN `clicks` AS `searched` ON ((`carted`.`user_id` = `searched`.`user_id`) AND (`searched`.`event_time` >= (`carted`.`event_time` - INTERVAL '10' MINUTE))) AND (`searched`.`event_time` <= (`carted`.`event_time` + INTERVAL '1' HOUR))
WHERE `carted`.`event_type` = 'add_to_cart';
END;
