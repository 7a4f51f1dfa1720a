import { describe, it } from 'vitest';
import { at, jobTest, timestamp, watermark, type Step } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { v1 } from './tied-pages.js';

const tiedPages = jobTest(v1, import.meta.url);

/** One click on each page at `time`, with the revenue given for it (`null`: a view without a price). */
function revenue(time: string, pages: Readonly<Record<string, number | null>>): Step[] {
  return Object.entries(pages).map(([url, price]) => click({ url, price, ts: at(time) }));
}

describe("tied-pages.v1: window Top-N keeping ties (top: { n: 3, by: 'revenue', ties: 'rank' })", () => {
  it('tied pages share a rank and the next rank skips (1, 1, 3); every page tied for the last place is kept, so a window can give more than n rows', async () => {
    // Arrange: [10:00, 10:05): /a and /b tie at 30, /c 20, /d 10. [10:05, 10:10): /p 30, /q 20, then /x and /y tie at 10, /z 5.
    const steps = [
      ...revenue('10:01', { '/a': 30, '/b': 30, '/c': 20, '/d': 10 }),
      watermark('10:05'),
      ...revenue('10:06', { '/p': 30, '/q': 20, '/x': 10, '/y': 10, '/z': 5 }),
      watermark('10:10'),
    ];

    // Act
    const run = await tiedPages.run(steps);

    // Assess: ranks as RANK() gives them, each window's rows when the watermark passes its end.
    const first = { feature_set: 'tied-pages.v1', window_start: timestamp('10:00'), window_end: timestamp('10:05'), clicks: 1 };
    run.expectRowsEmittedAt('10:05', [
      { ...first, url: '/a', revenue: 30, rank: 1 },
      { ...first, url: '/b', revenue: 30, rank: 1 },
      { ...first, url: '/c', revenue: 20, rank: 3 },
    ]);
    run.expectRowsEmittedAt('10:10', [
      { url: '/p', window_start: timestamp('10:05'), revenue: 30, rank: 1 },
      { url: '/q', window_start: timestamp('10:05'), revenue: 20, rank: 2 },
      { url: '/x', window_start: timestamp('10:05'), revenue: 10, rank: 3 },
      { url: '/y', window_start: timestamp('10:05'), revenue: 10, rank: 3 },
    ]);
    run.expectRowsEmittedAt('end', []);
  });

  it('pages without revenue (NULL) rank after every page with revenue, tied with each other', async () => {
    // Arrange: /a 30; /n1 and /n2 viewed without a price, so their revenue is NULL; /b 20.
    const steps = revenue('10:01', { '/a': 30, '/n1': null, '/b': 20, '/n2': null });

    // Act
    const run = await tiedPages.run(steps);

    // Assess: NULL is the smallest value to Flink's ordering (last in a descending order, first in an ascending one).
    run.expectRows([
      { url: '/a', revenue: 30, rank: 1 },
      { url: '/b', revenue: 20, rank: 2 },
      { url: '/n1', revenue: null, rank: 3 },
      { url: '/n2', revenue: null, rank: 3 },
    ]);
  });
});
