-- bench/sql-bench-jobs.ts timeParts written by hand: the local time computed once per row, its parts read from it.
INSERT INTO time_parts_v1__sink
SELECT user_id, 'time-parts.v1', event_id,
       HOUR(local_time), DAYOFWEEK(local_time), MINUTE(local_time), DAYOFMONTH(local_time), MONTH(local_time), YEAR(local_time), WEEK(local_time),
       CAST(CONVERT_TZ(DATE_FORMAT(local_time, 'yyyy-MM-dd 00:00:00'), 'Europe/Berlin', 'UTC') AS TIMESTAMP_LTZ(3))
FROM (
  SELECT user_id, event_id, TO_TIMESTAMP(CONVERT_TZ(CAST(event_time AS STRING), 'UTC', 'Europe/Berlin')) AS local_time
  FROM clicks
);
