import { join } from 'node:path';
import { describe, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import { REPO_ROOT } from '../../../local/services/cache-paths.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import type { Aggregation } from '../../../sql/dsl/aggregates.js';
import type { Expr } from '../../../sql/dsl/expression.js';
import type { Window } from '../../../sql/dsl/windows.js';
import type { Job } from '../../../sql/dsl/job-kinds.js';
import {
  and, avg, coalesce, count, countDistinct, cumulate, dayOfWeek, dedupe, eventFeatures, first, hop, hourOfDay, job, last, lower, max, min, minus, not, or,
  session, stddev, sum, times, trailing, trailingRows, tumble, upper, variance, zScore,
} from '../../../sql/index.js';
import { printSql } from '../../../sql/printer/sql-printer.js';
import { expectGolden } from '../../support/golden.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

type Row = typeof clicks.row;
const GOLDEN_DIR = join(REPO_ROOT, 'test/golden/constructs');

/** The statement a construct shows up in: the job's INSERT (inside its statement set). */
function insertSql(window: Window, aggregations: (c: Row) => readonly Aggregation[], where?: (c: Row) => Expr<boolean | null, 'boolean'>): string {
  return statementSetSql(job({ from: clicks, keys: ['user_id'], window, aggregations, ...(where === undefined ? {} : { where }) }));
}

function statementSetSql(construct: Job): string {
  const compiled = compileJob(construct, jobIdentity('jobs/construct.ts', 'v1'), GOLDEN_TARGETS.local);
  const statementSet = compiled.script.statements.find((statement) => statement.kind === 'StatementSetNode');
  if (statementSet === undefined) throw new Error('no statement set');
  return `${printSql(statementSet)}\n`;
}

const CONSTRUCTS: Record<string, () => string> = {
  'window-tumble': () => insertSql(tumble('1 min'), () => [count()]),
  'window-tumble-processing-time': () => insertSql(tumble('10 s', { time: 'processing' }), () => [count()]),
  'window-hop': () => insertSql(hop({ size: '1 min', slide: '30 s' }), () => [count()]),
  'window-session': () => insertSql(session({ gap: '30 min' }), () => [count()]),
  'window-cumulate': () => insertSql(cumulate({ step: '1 h', maxSize: '1 d' }), () => [count()]),
  'aggregates-all': () =>
    insertSql(tumble('5 min'), (c) => [
      count(),
      count(c.referrer),
      countDistinct(c.url),
      sum(c.price),
      avg(c.price),
      min(c.event_time),
      max(c.price),
      stddev(c.price),
      variance(c.price),
      first(c.url),
      last(c.url),
    ]),
  'window-top-n': () =>
    statementSetSql(
      job({
        from: clicks,
        keys: ['url'],
        window: hop({ size: '10 min', slide: '5 min' }),
        aggregations: (c) => [count(), sum(c.price)],
        top: { n: 5, by: 'price_sum_10m', order: 'asc' },
      }),
    ),
  'aggregate-filter-and-rename': () =>
    insertSql(tumble('1 h'), (c) => [count().as('views'), sum(c.price).where(c.event_type.eq('purchase')).as('revenue')]),
  'where-boolean-logic': () =>
    insertSql(
      tumble('1 min'),
      () => [count()],
      (c) => and(c.price.isNotNull(), or(c.event_type.eq('purchase'), not(c.event_type.ne('add_to_cart'))), c.zip.ne("it's -- /* */")),
    ),
  'where-arithmetic': () => insertSql(tumble('1 min'), () => [count()], (c) => times(minus(c.price, 1.5), 2).ge(100)),
  'event-features-select-functions': () =>
    statementSetSql(
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        where: (c) => c.event_type.ne('heartbeat'),
        select: (c) => ({
          event_id: c.event_id,
          zip: coalesce(c.zip, 'unknown'),
          url_lower: lower(c.url),
          type_upper: upper(c.event_type),
          hour_of_day: hourOfDay(c.event_time, 'Asia/Kolkata'),
          day_of_week: dayOfWeek(c.event_time, 'UTC'),
        }),
      }),
    ),
  'event-features-trailing-range': () =>
    statementSetSql(
      eventFeatures({
        from: clicks,
        partitionBy: 'user_id',
        select: (c) => ({ event_id: c.event_id }),
        trailing: { window: trailing('30 min'), features: (c) => [count(), sum(c.price), max(c.price).as('max_recent_price')] },
      }),
    ),
  'dedupe-first-arrival-with-ttl': () => {
    const compiled = compileJob(
      dedupe({ from: clicks, key: ['event_id', 'user_id'], stateTtl: '30 min', sinkStream: 'deduped' }),
      jobIdentity('jobs/construct.ts', 'v1'),
      GOLDEN_TARGETS.local,
    );
    return compiled.script.statements
      .filter((statement) => statement.kind !== 'CreateTableNode')
      .map((statement) => `${printSql(statement)}\n`)
      .join('\n');
  },
  'event-features-trailing-rows-zscore': () =>
    statementSetSql(
      eventFeatures({
        from: clicks,
        partitionBy: 'session_id',
        select: (c) => ({ event_id: c.event_id, price: c.price }),
        trailing: { window: trailingRows(50), features: (c) => [zScore(c.price), avg(c.price)] },
      }),
    ),
};

describe('golden SQL per DSL construct', () => {
  it.each(Object.keys(CONSTRUCTS))('%s', (construct) => {
    expectGolden(join(GOLDEN_DIR, `${construct}.sql`), (CONSTRUCTS[construct] as () => string)());
  });

  it('source table: schema, event time, watermark and connector options per target', () => {
    for (const [targetName, target] of Object.entries(GOLDEN_TARGETS)) {
      const compiled = compileJob(job({ from: clicks, keys: ['user_id'], window: tumble('1 min'), aggregations: () => [count()] }), jobIdentity('jobs/construct.ts', 'v1'), target);
      const table = compiled.script.statements.find((statement) => statement.kind === 'CreateTableNode');
      if (table === undefined) throw new Error('no source table');
      expectGolden(join(GOLDEN_DIR, `source-table.${targetName}.sql`), `${printSql(table)}\n`);
    }
  });
});
