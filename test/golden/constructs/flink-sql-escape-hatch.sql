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
  (CHAR_LENGTH(REGEXP_REPLACE(`url`, '[^/]', ''))) AS `path_depth`
FROM `clicks`;
END;
