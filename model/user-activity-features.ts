/**
 * jobs/user-activity.ts computed in TypeScript: the same feature rows the Flink job writes, from
 * the same clicks, so the model is trained on exactly what it will be asked to score. An
 * integration test runs the real job on Flink over a generated clickstream and compares every row
 * with this one, so the two cannot drift apart unnoticed.
 *
 * It follows Flink's arithmetic, not the textbook's: the planner rewrites AVG and STDDEV_POP into
 * running SUM, SUM of squares and COUNT (added as rows enter the hour, subtracted as they leave), so
 * this does the same, in the same order, to get the same doubles.
 */
import type { Output as UserActivityRow } from '../jobs/user-activity.js';
import type { ClickEvent } from '../producer/click-event.js';
import { MIN_RELATIVE_SPREAD } from '../sql/compiler/trailing-expression.js';

const HOUR_MS = 3_600_000;
const TIME_ZONE = 'America/New_York';

const localParts = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 1, Mon: 2, Tue: 3, Wed: 4, Thu: 5, Fri: 6, Sat: 7 };

/** HOUR and DAYOFWEEK (1 = Sunday) of the click's time in New York, as the job computes them. */
function localTime(ts: number): { hour: number; dayOfWeek: number } {
  const parts = localParts.formatToParts(ts);
  const hour = Number(parts.find((part) => part.type === 'hour')?.value);
  const dayOfWeek = WEEKDAYS[parts.find((part) => part.type === 'weekday')?.value ?? ''];
  if (dayOfWeek === undefined || Number.isNaN(hour)) throw new Error(`cannot tell the New York time of ${String(ts)}`);
  return { hour, dayOfWeek };
}

/** TIMESTAMP_LTZ(3) as Flink's JSON format writes it: ISO-8601 with only the fraction digits needed. */
export function flinkInstant(ts: number): string {
  return new Date(ts).toISOString().replace(/\.?0+Z$/, 'Z');
}

/** One user's trailing hour: the clicks in it and the running sums Flink keeps. */
class TrailingHour {
  private readonly clicks: ClickEvent[] = [];
  private readonly urls = new Map<string, number>();
  private priceCount = 0;
  private priceSum = 0;
  private priceSquares = 0;

  /** Adds the clicks at one timestamp (Flink's peers: RANGE frames include every row at the current time). */
  enter(clicks: readonly ClickEvent[]): void {
    for (const click of clicks) {
      this.clicks.push(click);
      this.urls.set(click.url, (this.urls.get(click.url) ?? 0) + 1);
      if (click.price !== null) {
        this.priceCount += 1;
        this.priceSum += click.price;
        this.priceSquares += click.price * click.price;
      }
    }
  }

  /** Drops clicks more than an hour before `now`. */
  leave(now: number): void {
    while (this.clicks.length > 0 && (this.clicks[0]?.ts ?? now) < now - HOUR_MS) {
      const click = this.clicks.shift();
      if (click === undefined) break;
      const seen = (this.urls.get(click.url) ?? 1) - 1;
      if (seen === 0) this.urls.delete(click.url);
      else this.urls.set(click.url, seen);
      if (click.price !== null) {
        this.priceCount -= 1;
        this.priceSum -= click.price;
        this.priceSquares -= click.price * click.price;
      }
    }
  }

  row(click: ClickEvent): UserActivityRow {
    const { hour, dayOfWeek } = localTime(click.ts);
    const average = this.priceCount === 0 ? null : this.priceSum / this.priceCount;
    const variance = this.priceCount === 0 ? null : (this.priceSquares - (this.priceSum * this.priceSum) / this.priceCount) / this.priceCount;
    const deviation = variance === null ? null : Math.sqrt(variance);
    return {
      user_id: click.user_id,
      feature_set: 'user-activity.v1',
      event_id: click.event_id,
      event_type: click.event_type,
      url: click.url,
      ip: click.ip,
      zip: click.zip,
      price: click.price,
      event_time: flinkInstant(click.ts),
      hour_of_day: hour,
      day_of_week: dayOfWeek,
      event_count_1h: this.clicks.length,
      url_count_distinct_1h: this.urls.size,
      price_avg_1h: average,
      // As the job: no z-score without a spread above rounding residue (NaN fails the test too).
      price_zscore_1h: click.price === null || average === null || deviation === null || !(deviation > MIN_RELATIVE_SPREAD * Math.abs(average)) ? null : (click.price - average) / deviation,
    };
  }
}

/**
 * The job's rows for clicks in event-time order (as the generator writes them): one per click, in
 * the order given. Clicks out of order are an error here; the job would drop late ones instead.
 */
export function userActivityFeatures(clicks: Iterable<ClickEvent>): UserActivityRow[] {
  const byUser = new Map<string, TrailingHour>();
  const rows: UserActivityRow[] = [];
  let pending: ClickEvent[] = [];
  const flush = () => {
    const first = pending[0];
    if (first === undefined) return;
    const users = new Map<string, ClickEvent[]>();
    for (const click of pending) users.set(click.user_id, [...(users.get(click.user_id) ?? []), click]);
    for (const [user, peers] of users) {
      let hour = byUser.get(user);
      if (hour === undefined) {
        hour = new TrailingHour();
        byUser.set(user, hour);
      }
      hour.leave(first.ts);
      hour.enter(peers);
    }
    for (const click of pending) {
      const hour = byUser.get(click.user_id);
      if (hour !== undefined) rows.push(hour.row(click));
    }
    pending = [];
  };
  let previous = -Infinity;
  for (const click of clicks) {
    if (click.ts < previous) throw new Error(`clicks must be in time order: ${click.event_id} at ${String(click.ts)} comes after ${String(previous)}`);
    if (click.ts !== previous) flush();
    pending.push(click);
    previous = click.ts;
  }
  flush();
  return rows;
}
