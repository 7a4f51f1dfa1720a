-- jobs/click-dedupe.ts written by hand (Flink's deduplication idiom): the baseline of npm run bench:sql.
INSERT INTO click_dedupe_v1__sink
SELECT event_id, user_id, session_id, event_type, url, referrer, ip, zip, user_agent, price, ts
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY proc_time) AS rn
  FROM clicks
)
WHERE rn = 1;
