-- bench/sql-bench-jobs.ts topPages written by hand: the baseline of npm run bench:sql.
INSERT INTO top_n_v1__sink
SELECT url, 'top-n.v1', window_start, window_end, page_views, users, rn
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY page_views DESC, url) AS rn
  FROM (
    SELECT url, window_start, window_end, COUNT(*) AS page_views, COUNT(DISTINCT user_id) AS users
    FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(event_time), INTERVAL '5' MINUTE))
    GROUP BY url, window_start, window_end
  )
)
WHERE rn <= 10;
