SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `event_id`,
  `url`,
  `event_time`
FROM (
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
    `ts`,
    `event_time`,
    `proc_time`,
    `window_start`,
    `window_end`
  FROM (
    SELECT
      *,
      ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end`, `event_id` ORDER BY `event_time`) AS `row_num`
    FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' HOUR))
  ) AS `ranked`
  WHERE `row_num` = 1
) AS `kept`;
END;
