SET 'pipeline.name' = 'construct.v1';

SET 'table.local-time-zone' = 'UTC';

SET 'execution.buffer-timeout.interval' = '10 ms';

SET 'table.exec.source.idle-timeout' = '1 s';

SET 'table.exec.state.ttl' = '86400000 ms';

CREATE TEMPORARY SYSTEM FUNCTION `RCF_SCORE` AS 'com.clickstream.runner.udf.RcfScore' LANGUAGE JAVA;

EXECUTE STATEMENT SET
BEGIN
INSERT INTO `construct_v1__sink`
SELECT
  `user_id`,
  'construct.v1' AS `feature_set`,
  `event_id`,
  `RCF_SCORE`(30, 128, CAST(0.00078125 AS DOUBLE), 1, 32, CAST(`price` AS DOUBLE), CAST(`ts` AS DOUBLE)) OVER (PARTITION BY `user_id` ORDER BY `proc_time` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `rcf_score`
FROM `clicks`;
END;
