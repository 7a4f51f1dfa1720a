-- bench/sql-bench-jobs.ts purchaseRecency written by hand (over the script's latest_purchases view): the baseline of npm run bench:sql.
INSERT INTO temporal_join_v1__sink
SELECT c.user_id, 'temporal-join.v1', c.event_id, c.event_type, p.event_id, p.price,
       TIMESTAMPDIFF(SECOND, p.event_time, c.event_time)
FROM clicks c
LEFT JOIN latest_purchases FOR SYSTEM_TIME AS OF c.event_time AS p ON c.user_id = p.user_id;
