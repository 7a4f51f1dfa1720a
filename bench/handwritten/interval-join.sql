-- bench/sql-bench-jobs.ts viewToPurchase written by hand: the baseline of npm run bench:sql.
INSERT INTO interval_join_v1__sink
SELECT v.user_id, 'interval-join.v1', v.event_id, v.url, v.price, CAST(v.event_time AS TIMESTAMP_LTZ(3)),
       b.event_id, b.price, CAST(b.event_time AS TIMESTAMP_LTZ(3))
FROM clicks v, clicks b
WHERE v.user_id = b.user_id
  AND b.event_time BETWEEN v.event_time AND v.event_time + INTERVAL '1' MINUTE
  AND v.event_type = 'a' AND v.price IS NOT NULL
  AND b.event_type = 'c';
