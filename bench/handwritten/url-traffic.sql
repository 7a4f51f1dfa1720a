-- jobs/url-traffic.ts written by hand: the baseline of npm run bench:sql.
INSERT INTO url_traffic_v1__sink
SELECT url, 'url-traffic.v1', window_start, window_end,
       COUNT(*), COUNT(DISTINCT user_id), SUM(price) FILTER (WHERE event_type = 'purchase')
FROM TABLE(HOP(TABLE clicks, DESCRIPTOR(event_time), INTERVAL '30' SECOND, INTERVAL '1' MINUTE))
GROUP BY url, window_start, window_end;
