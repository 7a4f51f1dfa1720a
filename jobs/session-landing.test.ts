import { describe, expect, it } from 'vitest';
import { at, jobTest } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { v1 } from './session-landing.js';

const landings = jobTest(v1, import.meta.url);

// A regular join of the clicks with their sessions' first clicks: its two inputs advance on their own, so the order of
// its rows, and which watermark each reaches the sink under, differ between runs: these tests compare rows as a set (expectRows).
describe("session-landing.v1: every click with its session's landing, the session's first click to arrive (regular join)", () => {
  it("gives every click its session's landing page and referrer and the seconds since landing, the landing itself included", async () => {
    // Act
    const run = await landings.run([
      click({ user_id: 'u1', session_id: 's1', event_id: 's1-0', url: '/home', referrer: 'https://search.example/?q=shoes', ts: at('10:00') }),
      click({ user_id: 'u1', session_id: 's1', event_id: 's1-2', url: '/p1', ts: at('10:02') }),
      click({ user_id: 'u2', session_id: 's2', event_id: 's2-1', url: '/sale', referrer: null, ts: at('10:01') }),
      click({ user_id: 'u1', session_id: 's1', event_id: 's1-7', event_type: 'add_to_cart', url: '/p1', ts: at('10:07') }),
      click({ user_id: 'u2', session_id: 's2', event_id: 's2-3', url: '/p2', ts: at('10:03') }),
    ]);

    // Assess: seconds since landing: s1 landed at 10:00 (0, 120, 420), s2 at 10:01 (0, 120).
    const fromSearch = { landing_url: '/home', landing_referrer: 'https://search.example/?q=shoes' };
    run.expectRows([
      { user_id: 'u1', feature_set: 'session-landing.v1', event_id: 's1-0', session_id: 's1', event_type: 'view', ...fromSearch, seconds_since_landing: 0 },
      { user_id: 'u1', feature_set: 'session-landing.v1', event_id: 's1-2', session_id: 's1', event_type: 'view', ...fromSearch, seconds_since_landing: 120 },
      { user_id: 'u1', feature_set: 'session-landing.v1', event_id: 's1-7', session_id: 's1', event_type: 'add_to_cart', ...fromSearch, seconds_since_landing: 420 },
      { user_id: 'u2', feature_set: 'session-landing.v1', event_id: 's2-1', session_id: 's2', event_type: 'view', landing_url: '/sale', landing_referrer: null, seconds_since_landing: 0 },
      { user_id: 'u2', feature_set: 'session-landing.v1', event_id: 's2-3', session_id: 's2', event_type: 'view', landing_url: '/sale', landing_referrer: null, seconds_since_landing: 120 },
    ]);
  });

  it("keeps a user's sessions apart: each session's clicks get that session's landing", async () => {
    // Act
    const run = await landings.run([
      click({ session_id: 's1', event_id: 's1-a', url: '/home', referrer: 'https://search.example/', ts: at('10:00') }),
      click({ session_id: 's1', event_id: 's1-b', url: '/p1', ts: at('10:05') }),
      click({ session_id: 's2', event_id: 's2-a', url: '/sale', referrer: 'https://mail.example/', ts: at('11:00') }),
      click({ session_id: 's2', event_id: 's2-b', url: '/p2', ts: at('11:02') }),
    ]);

    // Assess
    run.expectRows([
      { event_id: 's1-a', session_id: 's1', landing_url: '/home', landing_referrer: 'https://search.example/', seconds_since_landing: 0 },
      { event_id: 's1-b', session_id: 's1', landing_url: '/home', landing_referrer: 'https://search.example/', seconds_since_landing: 300 },
      { event_id: 's2-a', session_id: 's2', landing_url: '/sale', landing_referrer: 'https://mail.example/', seconds_since_landing: 0 },
      { event_id: 's2-b', session_id: 's2', landing_url: '/sale', landing_referrer: 'https://mail.example/', seconds_since_landing: 120 },
    ]);
  });

  it('the landing is the first click to arrive, not the earliest: a click from before it, out of order within the watermark delay, is negative seconds after it', async () => {
    // Act: /b at 10:00:01 arrives after /a at 10:00:03, ahead of the watermark (09:59:58).
    const run = await landings.run([
      click({ event_id: 'a', url: '/a', ts: at('10:00:03') }),
      click({ event_id: 'b', url: '/b', ts: at('10:00:01') }),
    ]);

    // Assess: 10:00:01 is 2 s before the landing at 10:00:03.
    run.expectRows([
      { event_id: 'a', landing_url: '/a', seconds_since_landing: 0 },
      { event_id: 'b', landing_url: '/a', seconds_since_landing: -2 },
    ]);
    expect(run.behindWatermark).toEqual([]);
  });

  it('counts whole seconds since landing, dropping the fraction', async () => {
    // Act: landed at 10:00:00.500.
    const run = await landings.run([
      click({ event_id: 'landing', ts: at('10:00:00.500') }),
      click({ event_id: 'plus-1.999', ts: at('10:00:02.499') }),
      click({ event_id: 'plus-2', ts: at('10:00:02.500') }),
      click({ event_id: 'minus-0.5', ts: at('10:00:00') }),
    ]);

    // Assess: 1.999 s -> 1; 2 s -> 2; -0.5 s -> 0 (toward zero).
    run.expectRows([
      { event_id: 'landing', seconds_since_landing: 0 },
      { event_id: 'plus-1.999', seconds_since_landing: 1 },
      { event_id: 'plus-2', seconds_since_landing: 2 },
      { event_id: 'minus-0.5', seconds_since_landing: 0 },
    ]);
  });

  it('a click behind the watermark still gets its landing, and a late first click is its session\'s landing: nothing waits for the watermark', async () => {
    // Act: s1's click at 10:10 moves the watermark to 10:09:55; s1's click at 10:05 and s2's first click at 10:01 arrive behind it.
    const run = await landings.run([
      click({ session_id: 's1', event_id: 's1-landing', url: '/home', ts: at('10:00') }),
      click({ session_id: 's1', event_id: 's1-10', url: '/p1', ts: at('10:10') }),
      click({ session_id: 's1', event_id: 's1-late', url: '/p2', ts: at('10:05') }),
      click({ session_id: 's2', event_id: 's2-late-landing', url: '/sale', ts: at('10:01') }),
      click({ session_id: 's2', event_id: 's2-12', url: '/p3', ts: at('10:12') }),
    ]);

    // Assess: s1: 0, 600 and 300 s after 10:00; s2 landed at 10:01, so 0 and 660 s.
    run.expectRows([
      { event_id: 's1-landing', landing_url: '/home', seconds_since_landing: 0 },
      { event_id: 's1-10', landing_url: '/home', seconds_since_landing: 600 },
      { event_id: 's1-late', landing_url: '/home', seconds_since_landing: 300 },
      { event_id: 's2-late-landing', landing_url: '/sale', seconds_since_landing: 0 },
      { event_id: 's2-12', landing_url: '/sale', seconds_since_landing: 660 },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['s1-late', 's2-late-landing']);
  });
});
