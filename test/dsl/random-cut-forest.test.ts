import { describe, expect, it } from 'vitest';
import { at, jobTest, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { shingled } from './random-cut-forest.js';

describe('randomCutForest with its parameters, on the runner', () => {
  it('scores from the point after its warm-up, whatever the default warm-up is', async () => {
    // Prepare: five clicks of one user, a second apart, in event-time order.
    const prices = [10, 11, 10, 11, 10];
    const run = await jobTest(shingled, import.meta.url).run([
      ...prices.map((price, index) => click({ event_id: `e${index + 1}`, price, ts: at(`10:00:0${index}`) })),
      watermark('10:01'),
    ]);

    // Assess: warm-up 3, so the first three clicks have no score and the 4th and 5th have one (the default warm-up, 32, would give none).
    const scored = new Map(run.emitted.map(({ row }) => [row.event_id, typeof row.rcf_score]));
    expect(Object.fromEntries(scored)).toEqual({ e1: 'object', e2: 'object', e3: 'object', e4: 'number', e5: 'number' });
    expect(run.emitted.filter(({ row }) => row.rcf_score === null).map(({ row }) => row.event_id)).toEqual(['e1', 'e2', 'e3']);
  });
});
