-- jobs/user-activity.ts written by hand (one named window): the baseline of npm run bench:sql.
INSERT INTO user_activity_v1__sink
SELECT user_id, 'user-activity.v1', event_id, event_type, url, ip, zip, price, event_time,
       HOUR(TO_TIMESTAMP(CONVERT_TZ(DATE_FORMAT(event_time, 'yyyy-MM-dd HH:mm:ss'), 'UTC', 'America/New_York'))),
       DAYOFWEEK(TO_TIMESTAMP(CONVERT_TZ(DATE_FORMAT(event_time, 'yyyy-MM-dd HH:mm:ss'), 'UTC', 'America/New_York'))),
       COUNT(*) OVER w,
       COUNT(DISTINCT url) OVER w,
       AVG(price) OVER w,
       CASE WHEN STDDEV_POP(price) OVER w > 0.000001 * ABS(AVG(price) OVER w) THEN (price - AVG(price) OVER w) / STDDEV_POP(price) OVER w END
FROM clicks
WINDOW w AS (PARTITION BY user_id ORDER BY event_time RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);
