SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `aggregated`.`url` AS `url`,
  `aggregated`.`referrer` AS `referrer`,
  `aggregated`.`feature_set` AS `feature_set`,
  `aggregated`.`window_start` AS `window_start`,
  `aggregated`.`window_end` AS `window_end`,
  `aggregated`.`event_count_5m` AS `event_count_5m`,
  `aggregated`.`price_sum_5m` AS `price_sum_5m`,
  `first_of_ties`.`rank` AS `rank`
FROM (
  SELECT
    `url`,
    `referrer`,
    'construct.v1' AS `feature_set`,
    `window_start`,
    `window_end`,
    COUNT(*) AS `event_count_5m`,
    SUM(`price`) AS `price_sum_5m`
  FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE))
  GROUP BY `url`, `referrer`, `window_start`, `window_end`
) AS `aggregated`
JOIN (
  SELECT
    `window_start`,
    `window_end`,
    `price_sum_5m`,
    `referrer`,
    `rank`
  FROM (
    SELECT
      `window_start`,
      `window_end`,
      `price_sum_5m`,
      `referrer`,
      `rank`,
      ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end`, `price_sum_5m`, `referrer` ORDER BY `rank`) AS `tie_row`
    FROM (
      SELECT
        *,
        ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `price_sum_5m` DESC, `referrer`) AS `rank`
      FROM (
        SELECT
          `url`,
          `referrer`,
          'construct.v1' AS `feature_set`,
          `window_start`,
          `window_end`,
          COUNT(*) AS `event_count_5m`,
          SUM(`price`) AS `price_sum_5m`
        FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '5' MINUTE))
        GROUP BY `url`, `referrer`, `window_start`, `window_end`
      ) AS `aggregated`
    ) AS `ranked`
    WHERE `rank` <= 3
  ) AS `ties`
  WHERE `tie_row` = 1
) AS `first_of_ties` ON (((`aggregated`.`window_start` = `first_of_ties`.`window_start`) AND (`aggregated`.`window_end` = `first_of_ties`.`window_end`)) AND ((`aggregated`.`price_sum_5m` = `first_of_ties`.`price_sum_5m`) OR ((`aggregated`.`price_sum_5m` IS NULL) AND (`first_of_ties`.`price_sum_5m` IS NULL)))) AND ((`aggregated`.`referrer` = `first_of_ties`.`referrer`) OR ((`aggregated`.`referrer` IS NULL) AND (`first_of_ties`.`referrer` IS NULL)));
END;
