-- bench/sql-bench-jobs.ts math written by hand: the baseline of npm run bench:sql.
INSERT INTO math_v1__sink
SELECT user_id, 'math.v1', event_id,
       price / 3,
       MOD(ts, 1000),
       CAST(ts AS DOUBLE) / 1000,
       ROUND(price * 1.19, 2),
       price + 5 - ABS(price - 50),
       CASE WHEN price >= 0 THEN SQRT(price) END,
       POWER(price, 2),
       CASE WHEN price > 0 THEN LN(price) END
FROM clicks;
