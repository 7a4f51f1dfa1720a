import { describe, expect, expectTypeOf, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import type { IntervalJoinJob, JoinJob, RegularJoinJob, TemporalJoinJob } from '../../../sql/dsl/join-job.js';
import { firstRowPer, intervalJoin, join, latestRowPer, temporalJoin } from '../../../sql/index.js';

/**
 * Each join kind has its own spec and its own job: the spec is checked by the types where the job
 * file is written, the job is a plain value the compiler reads. `npm run typecheck` checks the
 * `@ts-expect-error`s below; the runtime assertions check the jobs.
 */
describe('join kinds', () => {
  const landings = firstRowPer({ name: 'landings', from: clicks, key: 'session_id' });
  const latestPurchases = latestRowPer({ name: 'latest_purchases', from: clicks, key: 'user_id' });
  const regular = join({
    left: { from: clicks, as: 'click' },
    right: { from: landings, as: 'landing' },
    key: ['session_id', 'session_id'],
    stateTtl: { click: '10 min', landing: '1 d' },
    select: ({ click, landing }) => ({ user_id: click.user_id, landing_url: landing.url }),
    partitionBy: 'user_id',
  });
  const interval = intervalJoin({
    left: { from: clicks, as: 'viewed', where: (c) => c.event_type.eq('view') },
    right: { from: clicks, as: 'bought' },
    key: ['session_id', 'session_id'],
    within: { after: '30 min' },
    select: ({ viewed, bought }) => ({ session_id: viewed.session_id, order_value: bought.price }),
    partitionBy: 'session_id',
  });
  const temporal = temporalJoin({
    stream: { from: clicks, as: 'click' },
    versions: { from: latestPurchases, as: 'purchase' },
    key: 'user_id',
    stateTtl: '30 d',
    select: ({ click, purchase }) => ({ user_id: click.user_id, last_url: purchase.url }),
    partitionBy: 'user_id',
  });

  it('returns each kind’s own job, typed by the row its select describes', () => {
    expectTypeOf(regular).toEqualTypeOf<RegularJoinJob<{ readonly user_id: string; readonly feature_set: string; readonly landing_url: string }>>();
    expectTypeOf(interval).toEqualTypeOf<IntervalJoinJob<{ readonly session_id: string; readonly feature_set: string; readonly order_value: number | null }>>();
    expectTypeOf(temporal).toEqualTypeOf<TemporalJoinJob<{ readonly user_id: string; readonly feature_set: string; readonly last_url: string | null }>>();
    expectTypeOf(temporal).not.toHaveProperty('sideTtls');
    expectTypeOf<JoinJob['jobType']>().toEqualTypeOf<'join' | 'temporal-join' | 'interval-join'>();
  });

  it('makes frozen jobs of names and expressions, keeping none of the spec’s callbacks', () => {
    for (const job of [regular, interval, temporal]) {
      expect(Object.isFrozen(job)).toBe(true);
      expect(Object.values(job).filter((value) => typeof value === 'function')).toEqual([]);
    }
    expect([regular.left.alias, regular.right.alias, regular.key, regular.sideTtls?.map((ttl) => ttl.suffix)]).toEqual(['click', 'landing', ['session_id', 'session_id'], ['10m', '1d']]);
    expect([temporal.right.table, temporal.key, temporal.partitionKey]).toEqual([latestPurchases, ['user_id', 'user_id'], ['user_id']]);
    expect(interval.left.where?.node).toMatchObject({ kind: 'BinaryOperationNode' });
  });

  it('refuses misspelt columns where the job file names them', () => {
    const misspellings = (): void => {
      join({
        left: { from: clicks, as: 'click' },
        right: { from: landings, as: 'landing' },
        // @ts-expect-error -- 'sesion_id' is not a column of clicks
        key: ['sesion_id', 'session_id'],
        stateTtl: '1 d',
        select: ({ click }) => ({ user_id: click.user_id }),
        partitionBy: 'user_id',
      });
      join({
        left: { from: clicks, as: 'click' },
        right: { from: landings, as: 'landing' },
        key: ['session_id', 'session_id'],
        // @ts-expect-error -- a per-side TTL names the sides by alias: 'landin' is not one
        stateTtl: { click: '10 min', landin: '1 d' },
        select: ({ click }) => ({ user_id: click.user_id }),
        partitionBy: 'user_id',
      });
      intervalJoin({
        left: { from: clicks, as: 'viewed' },
        right: { from: clicks, as: 'bought' },
        key: ['session_id', 'session_id'],
        within: { after: '30 min' },
        // @ts-expect-error -- 'sesion_id' is not a column of the viewed side's row
        // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- the misuse under test
        select: ({ viewed }) => ({ session_id: viewed.sesion_id }),
        partitionBy: 'session_id',
      });
      temporalJoin({
        stream: { from: clicks, as: 'click' },
        versions: { from: latestPurchases, as: 'purchase' },
        // @ts-expect-error -- 'userid' is not a column of the stream
        key: 'userid',
        stateTtl: '1 d',
        select: ({ click }) => ({ user_id: click.user_id }),
        partitionBy: 'user_id',
      });
    };
    expectTypeOf(misspellings).toBeFunction();
  });
});
