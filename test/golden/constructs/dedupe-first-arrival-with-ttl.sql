SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '1800000 ms';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `event_id`,
  `user_id`,
  `session_id`,
  `event_type`,
  `url`,
  `referrer`,
  `ip`,
  `zip`,
  `user_agent`,
  `price`,
  `ts`
FROM (
  SELECT
    *,
    ROW_NUMBER() OVER (PARTITION BY `event_id`, `user_id` ORDER BY `proc_time`) AS `row_num`
  FROM `clicks`
) AS `ranked`
WHERE `row_num` = 1;
END;
