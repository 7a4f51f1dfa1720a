import { describe, expect, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import { count, dedupe, firstRowPer, intervalJoin, job, join, latestRowPer, min, tumble, unionAll, unionPart, withDataLakeCopy, withRules, threshold } from '../../../sql/index.js';

/** What joins, unions and data-lake copies refuse at run time, where a cast or a variable gets past the types. */
describe('composition rules', () => {
  const perMinute = job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: (c) => [count().as('clicks'), min(c.event_time).as('first_click_at')] });
  const select = ({ a }: { readonly a: typeof clicks.row }) => ({ user_id: a.user_id });

  it('a regular join refuses a latestRowPer side: it updates, and the output would too', () => {
    const latest = latestRowPer({ name: 'latest', from: clicks, key: 'user_id' }) as unknown as ReturnType<typeof firstRowPer<typeof clicks.declaredColumns, 'user_id'>>;
    expect(() => join({ left: { from: clicks, as: 'a' }, right: { from: latest, as: 'b' }, key: ['user_id', 'user_id'], stateTtl: '1 d', select, partitionBy: 'user_id' })).toThrow(
      "join: side 'b' reads 'latest', which is not a source or a firstRowPer table",
    );
  });

  it('an interval join refuses a keyed table side: only a source carries its rows’ event time', () => {
    const first = firstRowPer({ name: 'first', from: clicks, key: 'user_id' }) as unknown as typeof clicks;
    expect(() => intervalJoin({ left: { from: clicks, as: 'a' }, right: { from: first, as: 'b' }, key: ['user_id', 'user_id'], within: { after: '1 min' }, select, partitionBy: 'user_id' })).toThrow(
      "intervalJoin: side 'b' reads 'first', which is not a source",
    );
  });

  it('per-side TTLs name both sides, by alias', () => {
    const spec = { left: { from: clicks, as: 'a' }, right: { from: firstRowPer({ name: 'first', from: clicks, key: 'user_id' }), as: 'b' }, key: ['user_id', 'user_id'], select, partitionBy: 'user_id' } as const;
    expect(() => join({ ...spec, stateTtl: { a: '10 min' } as unknown as { a: '10 min'; b: '1 d' } })).toThrow("join stateTtl: give side 'b' a TTL too (or one TTL for both)");
    expect(join({ ...spec, stateTtl: { a: '10 min', b: '1 d' } })).toMatchObject({ stateTtl: { millis: 86_400_000 }, sideTtls: [{ millis: 600_000 }, { millis: 86_400_000 }] });
    expect(join({ ...spec, stateTtl: { a: '1 d', b: '1 d' } })).not.toHaveProperty('sideTtls');
  });

  it('a union refuses parts that keep state for different times: a Flink job has one state TTL', () => {
    const deduped = (ttl: '1 h' | '1 d') => unionPart(dedupe({ from: clicks, key: ['event_id'], stateTtl: ttl, sinkStream: 'deduped' }), { select: (c) => ({ user_id: c.user_id }) });
    expect(() => unionAll({ parts: [deduped('1 h'), deduped('1 d')], partitionBy: 'user_id' })).toThrow(
      'unionAll: the parts keep state for different times (part 1: 1h, part 2: 1d); a Flink job has one state TTL, so give them the same stateTtl',
    );
    expect(unionAll({ parts: [deduped('1 d'), deduped('1 d'), unionPart(perMinute, { select: (m) => ({ user_id: m.user_id }) })], partitionBy: 'user_id' }).jobType).toBe('union');
  });

  it('a data-lake copy goes on last, on a never-NULL time column, and not into a union part', () => {
    const copied = withDataLakeCopy(perMinute, { folder: 'per-minute', partitionBy: { column: 'window_start', every: 'hour' } });
    expect(() => withRules(copied, (m) => ({ busy: threshold(m.clicks, { above: 10 }) }))).toThrow('withRules: this job has a data-lake copy; add the rules first, then withDataLakeCopy');
    expect(() => unionPart(copied, { select: (m) => ({ user_id: m.user_id }) })).toThrow(
      "unionPart: the job writes a data-lake copy ('per-minute'), which a union does not: it writes only its own sinks; give the union the copy",
    );
    expect(() => withDataLakeCopy(copied, { folder: 'again' })).toThrow("withDataLakeCopy: this job has a data-lake copy already (folder 'per-minute')");
    expect(() => withDataLakeCopy(perMinute, { folder: 'per-minute', partitionBy: { column: 'first_click_at', every: 'day' } })).toThrow(
      "withDataLakeCopy partitionBy: 'first_click_at' may be NULL; partition by a column that never is (e.g. window_start, event_time)",
    );
    expect(() => withDataLakeCopy(perMinute, { folder: '../elsewhere' })).toThrow(/withDataLakeCopy folder '\.\.\/elsewhere': use lower-case letters/);
  });
});
