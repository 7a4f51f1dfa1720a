import { describe, expect, it } from 'vitest';
import { at, jobTest, timestamp, watermark, type Step } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js'; // u1 views /home at 10:00 unless a test says otherwise
import { v1 } from './top-pages.js';

const topPages = jobTest(v1, import.meta.url);

/** `count` views of `url` at `time`, by users u1, u2, u1, ... (so at most two unique viewers). */
function views(url: string, count: number, time: string): Step[] {
  return Array.from({ length: count }, (_, index) => click({ url, user_id: index % 2 === 0 ? 'u1' : 'u2', ts: at(time) }));
}

/**
 * The job ranks with ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY views_5m DESC, url), a window
 * Top-N: pages with equal views get distinct, consecutive ranks by URL. (Without the URL, which tied page got which
 * rank was Flink's internal order, not views, arrival, event time or URL: in one run pages that arrived as /b, /a,
 * /c, /e, /f, /g were ranked /b, /g, /f, /e, /c, /a.)
 */
describe('top-pages.v1: the ten most viewed pages of every 5-minute window, with their rank', () => {
  it('ranks pages by their views in the window, counting views only, with their unique viewers', async () => {
    // Arrange: /a 3 views by u1, u2, u1; /c 2 views by u1, u3; /b 1 view and 2 purchases (not views).
    const steps = [
      click({ url: '/a', user_id: 'u1', ts: at('10:00:10') }),
      click({ url: '/b', user_id: 'u1', ts: at('10:00:20') }),
      click({ url: '/c', user_id: 'u1', ts: at('10:01') }),
      click({ url: '/a', user_id: 'u2', ts: at('10:01:10') }),
      click({ url: '/b', user_id: 'u2', event_type: 'purchase', price: 10, ts: at('10:02') }),
      click({ url: '/c', user_id: 'u3', ts: at('10:02:30') }),
      click({ url: '/b', user_id: 'u3', event_type: 'purchase', price: 10, ts: at('10:03') }),
      click({ url: '/a', user_id: 'u1', ts: at('10:04:59.999') }),
      watermark('10:05'),
    ];

    // Act
    const run = await topPages.run(steps);

    // Assess
    const window = { feature_set: 'top-pages.v1', window_start: timestamp('10:00'), window_end: timestamp('10:05') };
    run.expectRowsEmittedAt('10:05', [
      { ...window, url: '/a', views_5m: 3, user_id_count_distinct_5m: 2, rank: 1 },
      { ...window, url: '/c', views_5m: 2, user_id_count_distinct_5m: 2, rank: 2 },
      { ...window, url: '/b', views_5m: 1, user_id_count_distinct_5m: 1, rank: 3 },
    ]);
    run.expectRowsEmittedAt('end', []);
  });

  it("emits each window's ranking once, when the watermark reaches the window's last millisecond, and ranks each window on its own", async () => {
    // Arrange: [10:00, 10:05): /a 2 views, /b 1. [10:05, 10:10): /b 3 views, /a 1.
    const steps = [
      ...views('/a', 2, '10:01'),
      ...views('/b', 1, '10:02'),
      watermark('10:04:59.998'),
      watermark('10:04:59.999'),
      ...views('/b', 3, '10:06'),
      ...views('/a', 1, '10:07'),
      watermark('10:09:59.999'),
    ];

    // Act
    const run = await topPages.run(steps);

    // Assess
    run.expectRowsEmittedAt('10:04:59.998', []);
    run.expectRowsEmittedAt('10:04:59.999', [
      { url: '/a', window_start: timestamp('10:00'), window_end: timestamp('10:05'), views_5m: 2, rank: 1 },
      { url: '/b', window_start: timestamp('10:00'), window_end: timestamp('10:05'), views_5m: 1, rank: 2 },
    ]);
    run.expectRowsEmittedAt('10:09:59.999', [
      { url: '/b', window_start: timestamp('10:05'), window_end: timestamp('10:10'), views_5m: 3, rank: 1 },
      { url: '/a', window_start: timestamp('10:05'), window_end: timestamp('10:10'), views_5m: 1, rank: 2 },
    ]);
    run.expectRowsEmittedAt('end', []);
  });

  it('keeps only the ten most viewed pages of a window', async () => {
    // Arrange: pages /p1 ... /p12 with 13 - i views each (/p1 12 views ... /p12 1 view), no ties.
    const steps = Array.from({ length: 12 }, (_, index) => views(`/p${String(index + 1)}`, 12 - index, '10:01')).flat();

    // Act
    const run = await topPages.run(steps);

    // Assess: /p1 ... /p10 ranked 1 ... 10 with 12 ... 3 views; /p11 (2 views) and /p12 (1 view) left out.
    run.expectRows(Array.from({ length: 10 }, (_, index) => ({ url: `/p${String(index + 1)}`, views_5m: 12 - index, rank: index + 1 })));
  });

  it('gives pages with equal views distinct consecutive ranks by URL, whatever order their views arrived in', async () => {
    // Arrange: /top 3 views; /d, /b and /c 2 views each, arriving in that order; /z 1 view.
    const steps = [...views('/d', 2, '10:00:10'), ...views('/top', 3, '10:00:20'), ...views('/b', 2, '10:00:30'), ...views('/z', 1, '10:00:40'), ...views('/c', 2, '10:00:50')];

    // Act
    const run = await topPages.run(steps);

    // Assess: ranks 1 to 5 with no gap and no repeat (ROW_NUMBER, not RANK); the tied pages in URL order.
    run.expectRows([
      { url: '/top', views_5m: 3, rank: 1 },
      { url: '/b', views_5m: 2, rank: 2 },
      { url: '/c', views_5m: 2, rank: 3 },
      { url: '/d', views_5m: 2, rank: 4 },
      { url: '/z', views_5m: 1, rank: 5 },
    ]);
  });

  it('when two pages tie for tenth place, the first by URL is kept with rank 10 and the other left out', async () => {
    // Arrange: /p1 ... /p9 with 13 - i views (12 ... 4), then /x and /y with 3 views each, /z 1 view. /x's views come
    // first: without the URL as tie-breaker, Flink kept the page whose views came last (/y) in the runs we made.
    const steps = [...Array.from({ length: 9 }, (_, index) => views(`/p${String(index + 1)}`, 12 - index, '10:01')).flat(), ...views('/x', 3, '10:02'), ...views('/y', 3, '10:03'), ...views('/z', 1, '10:04')];

    // Act
    const run = await topPages.run(steps);

    // Assess: ten rows; /p1 ... /p9 ranked 1 ... 9; rank 10 /x ('/x' < '/y'); /y and /z left out.
    run.expectRows([
      ...Array.from({ length: 9 }, (_, index) => ({ url: `/p${String(index + 1)}`, views_5m: 12 - index, rank: index + 1 })),
      { url: '/x', views_5m: 3, rank: 10 },
    ]);
  });

  it('a late view still counts while its window is open; one that arrives after its window fired is dropped', async () => {
    // Arrange
    const steps = [
      click({ url: '/a', ts: at('10:01') }),
      click({ url: '/b', ts: at('10:02') }),
      click({ url: '/a', ts: at('10:05:03') }), // [10:05, 10:10); moves the watermark to 10:04:58
      // Behind the watermark (10:04:58) but in [10:00, 10:05), which has not fired: counted, /b overtakes /a.
      click({ event_id: 'late-counted', url: '/b', ts: at('10:04:50') }),
      watermark('10:05'), // emits [10:00, 10:05)
      // Behind the watermark, in [10:00, 10:05), which has fired: dropped (it would have tied /a with /b).
      click({ event_id: 'late-dropped', url: '/a', ts: at('10:04') }),
    ];

    // Act
    const run = await topPages.run(steps);

    // Assess: [10:00, 10:05): /b 2 views (10:02, late-counted), /a 1 (10:01); [10:05, 10:10) at the end: /a 1 view.
    run.expectRowsEmittedAt('10:05', [
      { url: '/b', window_start: timestamp('10:00'), views_5m: 2, rank: 1 },
      { url: '/a', window_start: timestamp('10:00'), views_5m: 1, rank: 2 },
    ]);
    run.expectRowsEmittedAt('end', [{ url: '/a', window_start: timestamp('10:05'), views_5m: 1, rank: 1 }]);
    run.expectRows([
      { url: '/b', window_start: timestamp('10:00') },
      { url: '/a', window_start: timestamp('10:00') },
      { url: '/a', window_start: timestamp('10:05') },
    ]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['late-counted', 'late-dropped']);
  });

  it('the end of input ranks the window still open', async () => {
    // Arrange: the last view at 10:03 moves the watermark to 10:02:55 only, before the window's end.
    const steps = [...views('/a', 1, '10:00'), ...views('/b', 2, '10:03')];

    // Act
    const run = await topPages.run(steps);

    // Assess
    run.expectRows([
      { url: '/b', window_start: timestamp('10:00'), window_end: timestamp('10:05'), views_5m: 2, rank: 1 },
      { url: '/a', window_start: timestamp('10:00'), window_end: timestamp('10:05'), views_5m: 1, rank: 2 },
    ]);
    run.expectRowsEmittedAt('end', [
      { url: '/b', rank: 1 },
      { url: '/a', rank: 2 },
    ]);
  });
});
