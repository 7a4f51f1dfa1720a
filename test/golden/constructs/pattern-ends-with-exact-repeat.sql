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
  `searched_at`,
  `third_view`
FROM `clicks`
  MATCH_RECOGNIZE (
    PARTITION BY `user_id`
    ORDER BY `event_time`
    MEASURES
      `searched`.`event_time` AS `searched_at`,
      `viewed`.`url` AS `third_view`
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (`searched` `viewed`{3}) WITHIN INTERVAL '10' MINUTE
    DEFINE
      `searched` AS `searched`.`url` = '/search',
      `viewed` AS `viewed`.`event_type` = 'view'
  ) AS `matched`;
END;
