import { describe, it } from 'vitest';
import { at, jobTest, timestamp, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { siteMinutes } from './global-window.js';

describe('a windowed job without keys', () => {
  it('aggregates the whole stream: one row per window, whoever clicked', async () => {
    // Prepare: u1 twice and u2 once in 10:00, u3 in 10:01.
    const run = await jobTest(siteMinutes, import.meta.url).run([
      click({ user_id: 'u1', ts: at('10:00:05') }),
      click({ user_id: 'u2', ts: at('10:00:30') }),
      click({ user_id: 'u1', ts: at('10:00:50') }),
      click({ user_id: 'u3', ts: at('10:01:10') }),
      watermark('10:03'),
    ]);

    // Assess
    run.expectRows([
      { window_start: timestamp('10:00'), event_count_1m: 3, user_id_count_distinct_1m: 2 },
      { window_start: timestamp('10:01'), event_count_1m: 1, user_id_count_distinct_1m: 1 },
    ]);
  });
});
