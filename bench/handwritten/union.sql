-- bench/sql-bench-jobs.ts userAlerts written by hand: the baseline of npm run bench:sql.
INSERT INTO union_v1__sink
SELECT user_id, 'union.v1', 'abandoned_cart', CAST(returned_at AS TIMESTAMP_LTZ(3)), product_url
FROM clicks
  MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY event_time
    MEASURES
      V.url AS product_url,
      R.event_time AS returned_at
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (V C L* R) WITHIN INTERVAL '1' HOUR
    DEFINE
      V AS V.event_type = 'a',
      C AS C.event_type = 'b',
      L AS L.event_type <> 'c' AND L.event_time < C.event_time + INTERVAL '30' SECOND,
      R AS R.event_time >= C.event_time + INTERVAL '30' SECOND
  )
UNION ALL
SELECT user_id, 'union.v1',
       CASE WHEN clicks > 20 THEN 'bot_rate' WHEN clicks > clicks_avg * 5 AND clicks >= 20 THEN 'rate_spike' ELSE 'unusual_rate' END,
       CAST(window_end AS TIMESTAMP_LTZ(3)), CAST(clicks AS STRING)
FROM (
  SELECT user_id, window_end, clicks,
         AVG(CAST(clicks AS DOUBLE)) OVER w AS clicks_avg,
         STDDEV_POP(CAST(clicks AS DOUBLE)) OVER w AS clicks_stddev
  FROM (
    SELECT user_id, window_start, window_end, window_time, COUNT(*) AS clicks
    FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
    GROUP BY user_id, window_start, window_end, window_time
  )
  WINDOW w AS (PARTITION BY user_id ORDER BY window_time RANGE BETWEEN INTERVAL '1' DAY PRECEDING AND CURRENT ROW)
)
WHERE clicks > 20
   OR (clicks > clicks_avg * 5 AND clicks >= 20)
   OR (clicks_stddev > 0.000001 * ABS(clicks_avg) AND (clicks - clicks_avg) / clicks_stddev > 3);
