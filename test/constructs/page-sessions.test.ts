import { describe, it } from 'vitest';
import { at, jobTest, timestamp, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { v1 } from './page-sessions.js';

const pageSessions = jobTest(v1, import.meta.url);

describe('page-sessions.v1: a session window over two keys (user and page)', () => {
  it('keeps a session per user and page: a click on one page neither extends nor splits another page’s session', async () => {
    // Arrange: u1 on /a at 10:00 and 10:15 (15 minutes apart: two sessions), while u1's clicks on /b at 10:05 and 10:12
    // fill the gap; partitioned by user alone, all four would be one session. u2 on /a at 10:02 is a session of its own.
    const steps = [
      click({ user_id: 'u1', url: '/a', ts: at('10:00') }),
      click({ user_id: 'u2', url: '/a', ts: at('10:02') }),
      click({ user_id: 'u1', url: '/b', ts: at('10:05') }),
      click({ user_id: 'u1', url: '/b', ts: at('10:12') }),
      click({ user_id: 'u1', url: '/a', ts: at('10:15') }),
      watermark('10:22'),
      watermark('10:25'),
    ];

    // Act
    const run = await pageSessions.run(steps);

    // Assess: each session is emitted once the watermark (the newest click less 5 s, or an explicit one) reaches its
    // end, the last click + 10 minutes.
    const row = { feature_set: 'page-sessions.v1', event_count_session: 1 };
    run.expectRowsEmittedAt('10:11:55', [{ ...row, user_id: 'u1', url: '/a', window_start: timestamp('10:00'), window_end: timestamp('10:10'), last_click_at: '2026-01-05T10:00:00Z' }]);
    run.expectRowsEmittedAt('10:14:55', [{ ...row, user_id: 'u2', url: '/a', window_start: timestamp('10:02'), window_end: timestamp('10:12'), last_click_at: '2026-01-05T10:02:00Z' }]);
    run.expectRowsEmittedAt('10:22', [{ ...row, user_id: 'u1', url: '/b', window_start: timestamp('10:05'), window_end: timestamp('10:22'), event_count_session: 2, last_click_at: '2026-01-05T10:12:00Z' }]);
    run.expectRowsEmittedAt('10:25', [{ ...row, user_id: 'u1', url: '/a', window_start: timestamp('10:15'), window_end: timestamp('10:25'), last_click_at: '2026-01-05T10:15:00Z' }]);
    run.expectDataLakeRows([
      { user_id: 'u1', url: '/a', window_start: timestamp('10:00'), dt: '2026-01-05' },
      { user_id: 'u2', url: '/a', window_start: timestamp('10:02'), dt: '2026-01-05' },
      { user_id: 'u1', url: '/b', window_start: timestamp('10:05'), event_count_session: 2, dt: '2026-01-05' },
      { user_id: 'u1', url: '/a', window_start: timestamp('10:15'), dt: '2026-01-05' },
    ]);
  });

  it('continues a session with a click within the gap on the same user and page, and the end of input closes it', async () => {
    // Act
    const run = await pageSessions.run([click({ user_id: 'u1', url: '/a', ts: at('10:00') }), click({ user_id: 'u1', url: '/a', ts: at('10:09') }), click({ user_id: 'u1', url: '/a', ts: at('10:18') })]);

    // Assess
    run.expectRowsEmittedAt('end', [{ user_id: 'u1', url: '/a', window_start: timestamp('10:00'), window_end: timestamp('10:28'), event_count_session: 3, last_click_at: '2026-01-05T10:18:00Z' }]);
  });
});
