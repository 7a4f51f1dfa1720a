-- bench/sql-bench-jobs.ts userLanding written by hand (over the script's user_landings view): the baseline of npm run bench:sql.
INSERT INTO regular_join_v1__sink
SELECT /*+ STATE_TTL('c' = '10 min', 'l' = '1 d') */
       c.user_id, 'regular-join.v1', c.event_id, c.event_type, l.url, l.referrer,
       TIMESTAMPDIFF(SECOND, l.event_time, c.event_time)
FROM clicks c
JOIN user_landings l ON c.user_id = l.user_id;
