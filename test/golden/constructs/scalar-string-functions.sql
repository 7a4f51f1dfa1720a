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
  CONCAT(`user_id`, ':', `url`) AS `user_page`,
  SUBSTRING(`url`, 1, 9) AS `url_prefix`,
  CHAR_LENGTH(`url`) AS `url_length`,
  TRIM(`zip`) AS `zip`,
  REPLACE(`url`, '/products/', '/p/') AS `path`,
  REGEXP_EXTRACT(`url`, '^/products/(\d+)', 1) AS `product_id`,
  REGEXP_REPLACE(`url`, '\d+', 'N') AS `url_pattern`,
  SPLIT_INDEX(`url`, '/', 1) AS `section`,
  JSON_VALUE(`user_agent`, '$.browser[''name'']') AS `browser`,
  MD5(`user_id`) AS `user_hash`,
  SHA256(`ip`) AS `ip_hash`
FROM `clicks`
WHERE (`url` LIKE '/products/%') OR (`url` LIKE '%50!%%' ESCAPE '!');
END;
