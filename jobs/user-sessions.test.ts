import { describe, expect, it } from 'vitest';
import { at, jobTest, rawRecord, timestamp, watermark } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { clicks } from './sources.js';
import { v1 } from './user-sessions.js';

const sessions = jobTest(v1, import.meta.url);

describe('user-sessions.v1: per-user sessions closed by 30 minutes without clicks', () => {
  it('closes a session once the watermark passes 30 minutes after its last click, not before', async () => {
    // Act
    const run = await sessions.run([
      click({ url: '/a', price: 10, ts: at('10:00') }),
      click({ url: '/b', price: 30, event_type: 'purchase', ts: at('10:10') }),
      click({ url: '/b', price: 20, ts: at('10:12') }),
      watermark('10:41:59'),
      watermark('10:42'),
    ]);

    // Assess
    run.expectRowsEmittedAt('10:41:59', []);
    run.expectRowsEmittedAt('10:42', [
      {
        user_id: 'u1',
        feature_set: 'user-sessions.v1',
        window_start: timestamp('10:00'),
        window_end: timestamp('10:42'),
        event_count_session: 3,
        url_count_distinct_session: 2,
        price_sum_session: 60,
        price_max_session: 30,
        // t-digest over the two viewed prices answers with the one at rank 2 * 0.5 = 1 from 0.
        viewed_price_p50_session: 20,
        session_first_event_at: '2026-01-05T10:00:00Z',
        purchases_in_session: 1,
      },
    ]);
    run.expectDataLakeRows([{ user_id: 'u1', window_start: timestamp('10:00'), event_count_session: 3, dt: '2026-01-05' }]);
  });

  it('a click exactly 30 minutes after the last one still belongs to its session; one a millisecond later starts a new one', async () => {
    // Act: Flink merges session windows that touch ([10:00, 10:30) and [10:30, 11:00)), so a new session needs a gap of more than 30 minutes.
    const run = await sessions.run([
      click({ user_id: 'u1', ts: at('10:00') }),
      click({ user_id: 'u1', ts: at('10:30') }),
      click({ user_id: 'u2', ts: at('10:00') }),
      click({ user_id: 'u2', ts: at('10:30:00.001') }),
    ]);

    // Assess
    run.expectRows([
      { user_id: 'u1', window_start: timestamp('10:00'), window_end: timestamp('11:00'), event_count_session: 2 },
      { user_id: 'u2', window_start: timestamp('10:00'), window_end: timestamp('10:30'), event_count_session: 1 },
      { user_id: 'u2', window_start: timestamp('10:30:00.001'), window_end: timestamp('11:00:00.001'), event_count_session: 1 },
    ]);
  });

  it('keeps users apart, and the end of input closes every open session', async () => {
    // Act
    const run = await sessions.run([click({ user_id: 'u1', ts: at('10:00') }), click({ user_id: 'u2', ts: at('10:01') }), click({ user_id: 'u1', ts: at('10:02') })]);

    // Assess
    run.expectRowsEmittedAt('end', [
      { user_id: 'u1', event_count_session: 2 },
      { user_id: 'u2', event_count_session: 1 },
    ]);
  });

  it('drops a click that arrives behind the watermark after its session has closed', async () => {
    // Act: the click at 10:50 moves the watermark to 10:49:55, past the first session's end at 10:30.
    const run = await sessions.run([click({ ts: at('10:00') }), click({ ts: at('10:50') }), click({ event_id: 'late', ts: at('10:05') })]);

    // Assess
    run.expectRows([
      { window_start: timestamp('10:00'), event_count_session: 1 },
      { window_start: timestamp('10:50'), event_count_session: 1 },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late']);
  });

  it('dead-letters a record that is not JSON and one without a NOT NULL column, and goes on with the rest', async () => {
    // Act
    const run = await sessions.run([
      click({ ts: at('10:00') }),
      rawRecord(clicks, '{"event_id": "cut", "user_id": "u1", "ts": '),
      rawRecord(clicks, JSON.stringify({ event_id: 'no-user', ts: at('10:01') })),
      rawRecord(clicks, JSON.stringify({ event_id: 'bad-price', user_id: 'u1', session_id: 's1', event_type: 'view', url: '/x', ip: '10.0.0.1', user_agent: 'test', price: 'ten', ts: at('10:02') })),
      click({ ts: at('10:03') }),
    ]);

    // Assess
    run.expectRows([{ user_id: 'u1', window_start: timestamp('10:00'), event_count_session: 2 }]);
    expect(run.deadLetters.map((letter) => [letter.step, letter.job])).toEqual([
      [2, 'user-sessions.v1'],
      [3, 'user-sessions.v1'],
      [4, 'user-sessions.v1'],
    ]);
    expect(run.deadLetters[0]?.reason).toMatch(/^the record is not a valid .*clicks record: Failed to deserialize JSON/);
    expect(run.deadLetters[0]?.source).toBe('{"event_id": "cut", "user_id": "u1", "ts": ');
    expect(run.deadLetters[1]?.reason).toMatch(/no value for column 'user_id', which source .*clicks declares NOT NULL/);
    expect(run.deadLetters[2]?.reason).toMatch(/not a valid .*clicks record: Failed to deserialize JSON/);
  });
});
