import { describe, expect, it } from 'vitest';
import { at, jobTest, timestamp, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { clicks } from '../../jobs/sources.js';
import { count, job, keepRows, withDataLakeCopy } from '../../sql/index.js';
import { tumble } from '../../sql/dsl/windows.js';
import { busyMinutes } from './keep-rows.js';

describe('keepRows: only the output rows a condition over the output columns keeps', () => {
  it('keeps the minutes the rule flags and drops the others, when the window closes', async () => {
    // Prepare: u1 clicks 3 times in 10:00, u2 once; u1 once in 10:01.
    const run = await jobTest(busyMinutes, import.meta.url).run([
      click({ user_id: 'u1', ts: at('10:00:01') }),
      click({ user_id: 'u1', ts: at('10:00:20') }),
      click({ user_id: 'u1', ts: at('10:00:40') }),
      click({ user_id: 'u2', ts: at('10:00:30') }),
      click({ user_id: 'u1', ts: at('10:01:10') }),
      watermark('10:03'),
    ]);

    // Assess: only u1's 10:00 minute has more than 2 clicks; it closes when the 10:01:10 click moves the watermark
    // (5 s behind) to 10:01:05. u2's 10:00 minute closes then too, and u1's 10:01 minute at 10:03: both dropped.
    run.expectRowsEmittedAt('10:01:05', [{ user_id: 'u1', window_start: timestamp('10:00'), event_count_1m: 3, busy: true }]);
    run.expectRowsEmittedAt('10:03', []);
    expect(run.emitted).toHaveLength(1);
  });

  it('refuses a second condition and one added after a data-lake copy, saying what to do', () => {
    const perMinute = job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count()] });
    const kept = keepRows(perMinute, (minute) => minute.event_count_1m.gt(1));
    expect(() => keepRows(kept, (minute) => minute.event_count_1m.lt(9))).toThrow('keepRows: this job keeps rows by a condition already; give one condition, joined with and(...)');
    const copied = withDataLakeCopy(perMinute, { folder: 'minutes', partitionBy: { column: 'window_start', every: 'hour' } });
    expect(() => keepRows(copied, (minute) => minute.event_count_1m.gt(1))).toThrow('keepRows: this job has a data-lake copy; keep rows first, then withDataLakeCopy');
  });
});
