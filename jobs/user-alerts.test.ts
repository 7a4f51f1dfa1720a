import { describe, expect, it } from 'vitest';
import { at, instant, jobTest, watermark, type Step } from '../job-test-kit/index.js';
import { click } from './clicks.fixture.js';
import { v1 } from './user-alerts.js';

const alerts = jobTest(v1, import.meta.url);

/** `count` clicks of `user` spread over the minute starting at `minute` ('10:02'), `spacing` seconds apart from its first second. */
function clicksInMinute(user: string, minute: string, count: number, spacing = 2, firstSecond = 0): Step[] {
  return Array.from({ length: count }, (_, index) => click({ user_id: user, event_id: `${user}-${minute}-${String(index)}`, url: `/p/${String(index)}`, ts: at(minute) + (firstSecond + index * spacing) * 1000 }));
}

/** One click of `user` at the start of each of `count` minutes from `first` ('10:00'). */
function oneClickAMinute(user: string, first: string, count: number): Step[] {
  return Array.from({ length: count }, (_, index) => click({ user_id: user, event_id: `${user}-quiet-${String(index)}`, ts: at(first) + index * 60_000 }));
}

/** Steps of several users, merged in time order as a stream would carry them (stable for equal times). */
function inTimeOrder(...streams: Step[][]): Step[] {
  const time = (step: Step): number => (step.kind === 'event' ? Number(step.values.ts) : step.kind === 'watermark' ? step.at : 0);
  return streams.flat().sort((a, b) => time(a) - time(b));
}

// Two parts read the clicks side by side and meet at the sink, where either may be ahead: which watermark a row reaches the
// sink under depends on the run, so these tests compare rows only (expectRows), and say which watermark could have emitted them.
describe('user-alerts.v1: abandoned carts and unusual click rates in one stream (UNION ALL of rule parts)', () => {
  it('an abandoned cart is an abandoned_cart alert detected when the user came back, with the product as its detail', async () => {
    // Act: carted at 10:01, back at 10:40 without buying (39 minutes later).
    const run = await alerts.run([
      click({ user_id: 'shopper', event_type: 'view', url: '/p/7', price: 19.9, ts: at('10:00') }),
      click({ user_id: 'shopper', event_type: 'add_to_cart', url: '/p/7', price: 19.9, ts: at('10:01') }),
      click({ user_id: 'shopper', event_type: 'view', url: '/home', ts: at('10:40') }),
      watermark('10:40'),
    ]);

    // Assess: three minutes of one click each flag nothing.
    run.expectRows([{ user_id: 'shopper', feature_set: 'user-alerts.v1', alert: 'abandoned_cart', detected_at: instant('10:40'), detail: '/p/7' }]);
  });

  it('a minute of more than 20 clicks is a bot_rate alert at the end of the minute with its count as detail; a minute of exactly 20 is none', async () => {
    // Act: each bot's first active minute, 10:02-10:03; a click at 10:04 moves the watermark (10:03:55) past its end.
    const run = await alerts.run([
      ...inTimeOrder(clicksInMinute('bot-21', '10:02', 21), clicksInMinute('bot-20', '10:02', 20, 2, 1)),
      click({ user_id: 'someone', ts: at('10:04') }),
    ]);

    // Assess: 21 > 20 is a bot rate. 20 is not; nor a spike: the minute's own average is 20, and 20 > 5 * 20 is false;
    // one minute has no spread, so no z-score.
    run.expectRows([{ user_id: 'bot-21', feature_set: 'user-alerts.v1', alert: 'bot_rate', detected_at: instant('10:03'), detail: '21' }]);
  });

  it("a minute of 20 clicks after six minutes of one is a rate_spike alert (over five times the user's average, itself included); after five it is none", async () => {
    // Act: 'spiky' clicks once a minute 10:00-10:05 and 20 times in 10:06; 'steady' once a minute 10:00-10:04 and 20 times in 10:05.
    const run = await alerts.run([
      ...inTimeOrder(oneClickAMinute('spiky', '10:00', 6), clicksInMinute('spiky', '10:06', 20, 3), oneClickAMinute('steady', '10:00', 5), clicksInMinute('steady', '10:05', 20, 3)),
      watermark('10:08'),
    ]);

    // Assess: spiky's average over its 7 active minutes is (6 + 20) / 7 = 3.714, times 5 = 18.57 < 20 (and 20 >= 20): a spike;
    // its z-score is (20 - 3.714) / 6.649 = 2.449 (one outlier among 7 values: sqrt(6)), not above 3; 20 is no bot rate.
    // steady's average over 6 minutes is (5 + 20) / 6 = 4.167, times 5 = 20.83 > 20: no spike; z = sqrt(5) = 2.236: nothing.
    run.expectRows([{ user_id: 'spiky', alert: 'rate_spike', detected_at: instant('10:07'), detail: '20' }]);
  });

  it("a minute far above the user's ten earlier active minutes is an unusual_rate alert (z-score above 3), though neither a bot rate nor a spike", async () => {
    // Act: one click a minute 10:00-10:09, then five in 10:10.
    const run = await alerts.run([...oneClickAMinute('u1', '10:00', 10), ...clicksInMinute('u1', '10:10', 5, 10), watermark('10:11')]);

    // Assess: 11 minutes, mean 15 / 11 = 1.364, population variance 35 / 11 - (15 / 11)^2 = 160 / 121, standard deviation 1.150;
    // z = (5 - 1.364) / 1.150 = 3.162 (sqrt(10)) > 3. 5 clicks: no bot rate (<= 20) and no spike (< 20).
    // The ten minutes of one click have no spread: no z-score, no alert.
    run.expectRows([{ user_id: 'u1', alert: 'unusual_rate', detected_at: instant('10:11'), detail: '5' }]);
  });

  it('puts both parts in one stream: an abandoned cart and a bot-like click rate', async () => {
    // Act
    const run = await alerts.run([
      ...inTimeOrder(
        [
          click({ user_id: 'shopper', event_type: 'view', url: '/p/7', price: 19.9, ts: at('10:00') }),
          click({ user_id: 'shopper', event_type: 'add_to_cart', url: '/p/7', price: 19.9, ts: at('10:01') }),
          click({ user_id: 'shopper', event_type: 'view', url: '/home', ts: at('10:40') }),
        ],
        clicksInMinute('bot', '10:02', 25),
      ),
      watermark('10:41'),
    ]);

    // Assess: the bot's 25 clicks in 10:02-10:03 are more than 20.
    run.expectRows([
      { user_id: 'shopper', alert: 'abandoned_cart', detected_at: instant('10:40'), detail: '/p/7' },
      { user_id: 'bot', alert: 'bot_rate', detected_at: instant('10:03'), detail: '25' },
    ]);
  });

  it('the end of input closes the last minute and the last pending match', async () => {
    // Act: the watermark ends at 10:31:45 (the return at 10:31:50 less 5 s): it reaches neither the end of the bot's
    // minute (10:31:59.999) nor the return, which only the end of input passes.
    const run = await alerts.run([
      click({ user_id: 'shopper', event_type: 'view', url: '/p/7', price: 19.9, ts: at('10:00') }),
      click({ user_id: 'shopper', event_type: 'add_to_cart', url: '/p/7', price: 19.9, ts: at('10:01') }),
      ...clicksInMinute('bot', '10:31', 21),
      click({ user_id: 'shopper', event_type: 'view', url: '/home', ts: at('10:31:50') }),
    ]);

    // Assess
    run.expectRows([
      { user_id: 'shopper', alert: 'abandoned_cart', detected_at: instant('10:31:50'), detail: '/p/7' },
      { user_id: 'bot', alert: 'bot_rate', detected_at: instant('10:32'), detail: '21' },
    ]);
  });

  it('a click behind the watermark counts in a minute not yet closed, and is dropped from one already closed', async () => {
    // Act: two bots click 20 times in 10:02 (the watermark reaches 10:02:34). bot-a's 21st click (10:02:10) arrives behind
    // it, its minute still open; someone's click at 10:04 closes the minute (watermark 10:03:55); then bot-b's 21st (10:02:50).
    const run = await alerts.run([
      ...inTimeOrder(clicksInMinute('bot-a', '10:02', 20), clicksInMinute('bot-b', '10:02', 20, 2, 1)),
      click({ user_id: 'bot-a', event_id: 'bot-a-late', ts: at('10:02:10') }),
      click({ user_id: 'someone', ts: at('10:04') }),
      click({ user_id: 'bot-b', event_id: 'bot-b-late', ts: at('10:02:50') }),
    ]);

    // Assess: bot-a's minute has 21 clicks, a bot rate; bot-b's closed with 20, no alert.
    run.expectRows([{ user_id: 'bot-a', alert: 'bot_rate', detected_at: instant('10:03'), detail: '21' }]);
    expect(run.behindWatermark.map((late) => late.record.event_id)).toEqual(['bot-a-late', 'bot-b-late']);
  });
});
