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
  `url`
FROM `clicks`
  MATCH_RECOGNIZE (
    PARTITION BY `user_id`
    ORDER BY `proc_time`
    MEASURES
      `again`.`url` AS `url`
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (`first` `again`) WITHIN INTERVAL '10' MINUTE
    DEFINE
      `first` AS `first`.`event_type` = 'view',
      `again` AS `again`.`url` = `first`.`url`
  ) AS `matched`;
END;
