import { describe, expect, it } from 'vitest';
import { at, jobTest, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { v1 } from './click-dedupe.js';

const dedupe = jobTest(v1, import.meta.url);

describe('click-dedupe.v1: the clickstream without repeated event ids', () => {
  it('passes every click on as it is, and a replayed event id only once', async () => {
    // Act: a producer retry delivers e1 twice.
    const run = await dedupe.run([
      click({ event_id: 'e1', user_id: 'u1', url: '/a', price: 10, ts: at('10:00') }),
      click({ event_id: 'e2', user_id: 'u2', url: '/b', ts: at('10:00:01') }),
      click({ event_id: 'e1', user_id: 'u1', url: '/a', price: 10, ts: at('10:00') }),
    ]);

    // Assess: the source's columns unchanged (no event_time, no feature_set).
    run.expectRows([
      {
        event_id: 'e1',
        user_id: 'u1',
        session_id: 's1',
        event_type: 'view',
        url: '/a',
        referrer: null,
        ip: '10.0.0.1',
        zip: null,
        user_agent: 'Mozilla/5.0 (job test)',
        price: 10,
        ts: at('10:00'),
      },
      { event_id: 'e2', user_id: 'u2', url: '/b', ts: at('10:00:01') },
    ]);
    expect(Object.keys(run.rows[0] ?? {}).sort()).toEqual(['event_id', 'event_type', 'ip', 'price', 'referrer', 'session_id', 'ts', 'url', 'user_agent', 'user_id', 'zip']);
  });

  it('keeps the first copy to arrive, even when a later copy carries an earlier event time', async () => {
    // Act: two copies of e1 that differ; the second is 2 s older in event time (inside the 5 s delay: not late).
    const run = await dedupe.run([
      click({ event_id: 'e1', url: '/first-arrival', ts: at('10:00:03') }),
      click({ event_id: 'e1', url: '/second-arrival', ts: at('10:00:01') }),
    ]);

    // Assess: deduplication by arrival (processing time), not by event time.
    expect(run.behindWatermark).toEqual([]);
    run.expectRows([{ event_id: 'e1', url: '/first-arrival', ts: at('10:00:03') }]);
  });

  it('emits a click as it arrives, without waiting for the watermark to reach its event time', async () => {
    // Act
    const run = await dedupe.run([click({ event_id: 'e1', ts: at('10:00') }), watermark('10:30'), click({ event_id: 'e2', ts: at('10:40') })]);

    // Assess: e1's row is there before the watermark its own arrival caused (10:00 - 5 s = 09:59:55), so
    // long before the watermark reaches 10:00; e2's before 10:39:55.
    run.expectRowsEmittedAt('09:59:55', [{ event_id: 'e1' }]);
    run.expectRowsEmittedAt('10:30', []);
    run.expectRowsEmittedAt('10:39:55', [{ event_id: 'e2' }]);
    run.expectRowsEmittedAt('end', []);
  });

  it('remembers an id however far event time moves on: its state TTL (1 h) counts processing time', async () => {
    // Act: the replay of e1 comes two hours later in event time, and not late (the watermark is 11:59:55).
    const run = await dedupe.run([
      click({ event_id: 'e1', url: '/first', ts: at('10:00') }),
      click({ event_id: 'e2', ts: at('12:00') }),
      click({ event_id: 'e1', url: '/replay', ts: at('12:00:01') }),
    ]);

    // Assess: table.exec.state.ttl is processing time (this run takes seconds, not an hour), so e1 is still
    // remembered and the replay dropped. (That an id is forgotten after an hour of wall time is not tested:
    // it would take an hour.)
    expect(run.behindWatermark).toEqual([]);
    run.expectRows([
      { event_id: 'e1', url: '/first' },
      { event_id: 'e2', ts: at('12:00') },
    ]);
  });

  it('passes a new click that arrives behind the watermark on, and drops a late replay', async () => {
    // Act: the watermark is at 11:00 when e2 (10:30, new) and a replay of e1 (10:00) arrive.
    const run = await dedupe.run([
      click({ event_id: 'e1', url: '/first', ts: at('10:00') }),
      watermark('11:00'),
      click({ event_id: 'e2', ts: at('10:30') }),
      click({ event_id: 'e1', url: '/replay', ts: at('10:00') }),
    ]);

    // Assess: lateness does not matter to a deduplication by arrival: e2 is kept, the replay is a repeat.
    expect(run.behindWatermark.map((late) => [late.record.event_id, late.record.url])).toEqual([
      ['e2', '/home'],
      ['e1', '/replay'],
    ]);
    run.expectRows([
      { event_id: 'e1', url: '/first', ts: at('10:00') },
      { event_id: 'e2', ts: at('10:30') },
    ]);
  });
});
