-- bench/sql-bench-jobs.ts cartAbandonment written by hand: the baseline of npm run bench:sql.
INSERT INTO pattern_v1__sink
SELECT user_id, 'pattern.v1', product_url, cart_price, carted_at, clicks_after_cart, left_from_url, returned_at
FROM clicks
  MATCH_RECOGNIZE (
    PARTITION BY user_id
    ORDER BY event_time
    MEASURES
      V.url AS product_url,
      C.price AS cart_price,
      C.event_time AS carted_at,
      COUNT(L.event_id) AS clicks_after_cart,
      L.url AS left_from_url,
      R.event_time AS returned_at
    ONE ROW PER MATCH
    AFTER MATCH SKIP PAST LAST ROW
    PATTERN (V C L* R) WITHIN INTERVAL '1' HOUR
    DEFINE
      V AS V.event_type = 'a',
      C AS C.event_type = 'b',
      L AS L.event_type <> 'c' AND L.event_time < C.event_time + INTERVAL '30' SECOND,
      R AS R.event_time >= C.event_time + INTERVAL '30' SECOND
  );
