SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `clicks`.`user_id` AS `user_id`,
  'construct.v1' AS `feature_set`,
  `clicks`.`event_id` AS `event_id`,
  `clicks`.`zip` AS `zip`,
  `area`.`city` AS `city`,
  `page`.`category` AS `category`
FROM `clicks`
LEFT JOIN `zip_codes` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `area` ON `area`.`zip` = `clicks`.`zip`
LEFT JOIN `page_categories` FOR SYSTEM_TIME AS OF `clicks`.`proc_time` AS `page` ON `page`.`url` = LOWER(`clicks`.`url`)
WHERE (`page`.`is_checkout` IS NOT NULL);
END;
