-- bench/sql-bench-jobs.ts strings written by hand: the baseline of npm run bench:sql.
INSERT INTO strings_v1__sink
SELECT user_id, 'strings.v1', event_id,
       '/p/' || LOWER(url) || '/' || UPPER(event_type),
       SUBSTRING(event_id, 1, 4),
       CHAR_LENGTH(TRIM(event_id)),
       REPLACE(event_id, 'a', '-'),
       REGEXP_EXTRACT(event_id, '([0-9]+)', 1),
       REGEXP_REPLACE(event_id, '[a-f]', 'x'),
       SPLIT_INDEX(event_id, 'b', 1)
FROM clicks
WHERE url LIKE '%a%';
