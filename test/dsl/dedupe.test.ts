import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { clicks } from '../../jobs/sources.js';
import { dedupe } from '../../sql/index.js';
import { earliest, firstArrival } from './dedupe.js';

describe('dedupe: which copy stays, and which columns go on', () => {
  it('earliest-event-time keeps the copy with the earliest event time in its window, though it arrived second', async () => {
    // Prepare: e1's copy stamped 10:05 arrives before the original stamped 10:01; e2 comes once.
    const run = await jobTest(earliest, import.meta.url).run([
      click({ event_id: 'e1', url: '/copy', ts: at('10:05') }),
      click({ event_id: 'e1', url: '/original', ts: at('10:01') }),
      click({ event_id: 'e2', url: '/other', ts: at('10:30') }),
      watermark('11:00:01'),
    ]);

    // Assess: one row per event id, e1's from the original, emitted when the 10:00-11:00 window closes.
    run.expectRowsEmittedAt('11:00:01', [
      { event_id: 'e1', user_id: 'u1', url: '/original', event_time: instant('10:01') },
      { event_id: 'e2', user_id: 'u1', url: '/other', event_time: instant('10:30') },
    ]);
    expect(run.emitted).toHaveLength(2);
  });

  it('first-arrival keeps the first copy at once, with the columns select gives', async () => {
    // Prepare
    const run = await jobTest(firstArrival, import.meta.url).run([
      click({ event_id: 'e1', url: '/first', ts: at('10:05') }),
      click({ event_id: 'e1', url: '/second', ts: at('10:01') }),
    ]);

    // Assess: ts (epoch ms) is not in the row; event_time is.
    run.expectRows([{ event_id: 'e1', url: '/first', event_time: instant('10:05') }]);
    expect(Object.keys(run.emitted[0]?.row ?? {}).sort()).toEqual(['event_id', 'event_time', 'url']);
  });

  it('refuses a select without the key, which partitions the output stream', () => {
    expect(() =>
      dedupe({ from: clicks, key: ['event_id'], stateTtl: '1 h', select: (c) => ({ url: c.url }), sinkStream: 'clicks-deduped' }),
    ).toThrow("dedupe: select must keep the key column 'event_id': it is the Kinesis partition key of the output");
  });
});
