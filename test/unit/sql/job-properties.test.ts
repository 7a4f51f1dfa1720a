import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import { compileJob } from '../../../sql/compiler/compile-job.js';
import { jobIdentity } from '../../../sql/compiler/job-identity.js';
import { validateScript } from '../../../sql/compiler/validate-sql.js';
import type { Aggregation } from '../../../sql/dsl/aggregates.js';
import {
  avg, count, countDistinct, cumulate, dayOfWeek, eventFeatures, first, hop, hourOfDay, job, last, max, min, session, stddev, sum, trailing, trailingRows,
  tumble, variance, zScore, pattern, oneOrMore, zeroOrMore, optional, repeat,
} from '../../../sql/index.js';
import type { Step } from '../../../sql/dsl/pattern-job.js';
import { quoteIdentifier } from '../../../sql/quoting.js';
import { GOLDEN_TARGETS } from '../../support/golden-targets.js';

type Row = typeof clicks.row;
const AGGREGATES: readonly ((c: Row) => Aggregation)[] = [
  () => count(),
  (c) => count(c.referrer),
  (c) => countDistinct(c.session_id),
  (c) => sum(c.price),
  (c) => avg(c.price),
  (c) => min(c.event_time),
  (c) => max(c.url),
  (c) => stddev(c.price),
  (c) => variance(c.ts),
  (c) => first(c.referrer),
  (c) => last(c.zip),
  (c) => sum(c.price).where(c.event_type.eq('purchase')).as('revenue'),
];
const KEY_SETS = [['user_id'], ['url'], ['user_id', 'session_id'], ['zip', 'event_type']] as const;
const WINDOWS = [
  () => tumble('1 min'),
  () => tumble('10 s', { time: 'processing' }),
  () => hop({ size: '5 min', slide: '1 min' }),
  () => session({ gap: '30 min' }),
  () => cumulate({ step: '1 h', maxSize: '1 d' }),
] as const;

// eslint-disable-next-line no-control-regex -- names with control characters are refused (see quoting.test.ts)
const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((text) => !/[\u0000-\u001f\u007f]/.test(text));

const jobSpec = fc.record({
  keys: fc.constantFrom(...KEY_SETS),
  window: fc.constantFrom(...WINDOWS),
  aggregates: fc.uniqueArray(fc.integer({ min: 0, max: AGGREGATES.length - 1 }), { minLength: 1, maxLength: 6 }),
  renamed: fc.option(name, { nil: undefined }),
  filterPrice: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: undefined }),
  // Hostile text in a literal: quotes, backslashes, comment markers, control characters.
  urlLiteral: fc.option(
    fc.oneof(
      fc.constantFrom('C:\\', "it's", "'; --", '/* x */', 'tab\there', 'ünï 😀'),
      fc.string({ unit: 'binary', maxLength: 12 }).filter((text) => !text.includes('\u0000')),
    ),
    { nil: undefined },
  ),
});

const eventSpec = fc.record({
  partitionBy: fc.constantFrom('user_id', 'session_id', 'url'),
  window: fc.constantFrom(() => trailing('1 h'), () => trailing('10 min'), () => trailingRows(1), () => trailingRows(100)),
  features: fc.uniqueArray(fc.integer({ min: 0, max: AGGREGATES.length - 2 }), { maxLength: 4 }),
  zScores: fc.boolean(),
  zone: fc.constantFrom('UTC', 'Europe/Berlin', 'Pacific/Chatham', 'America/St_Johns'),
});

const QUANTIFIERS: readonly ((variable: string) => Step<string>)[] = [
  (variable) => variable,
  (variable) => oneOrMore(variable),
  (variable) => zeroOrMore(variable, { reluctant: true }),
  (variable) => optional(variable),
  (variable) => repeat(variable, { min: 2, max: 4 }),
];

const patternSpec = fc.record({
  variables: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }),
  // Flink refuses an optional variable (3) right after a greedy one (1, 4): pattern-rules.test.ts.
  quantifiers: fc
    .array(fc.integer({ min: 0, max: QUANTIFIERS.length - 1 }), { minLength: 5, maxLength: 5 })
    .filter((chosen) => chosen.every((quantifier, index) => !(quantifier === 3 && [1, 4].includes(chosen[index - 1] ?? 0)))),
  literal: fc.oneof(fc.constantFrom("it's", '`x`', 'C:\\', '/* x */'), name),
  measure: name,
  within: fc.constantFrom('10 min', '1 h', '2 d'),
});

describe('random well-typed jobs', () => {
  it('pattern jobs with any variable names and quantifiers compile deterministically and pass the SQL validation (property)', () => {
    fc.assert(
      fc.property(patternSpec, (spec) => {
        const define = Object.fromEntries(spec.variables.map((variable) => [variable, (c: Row) => c.url.ne(spec.literal)]));
        // The last step matches one row: Flink cannot end a pattern greedily.
        const sequence = spec.variables.map((variable, index) => (index === spec.variables.length - 1 ? variable : (QUANTIFIERS[spec.quantifiers[index] ?? 0] ?? ((plain: string) => plain))(variable)));
        const matches = pattern({
          from: clicks,
          partitionBy: 'user_id',
          define,
          sequence: sequence as [Step<string>, ...Step<string>[]],
          within: spec.within,
          measures: () => ({ [`m_${spec.measure}`]: count() }),
        });
        const identity = jobIdentity('jobs/random.ts', 'v1');
        const first = compileJob(matches, identity, GOLDEN_TARGETS.local);
        expect(compileJob(matches, identity, GOLDEN_TARGETS.local).sql).toBe(first.sql);
        for (const variable of spec.variables) expect(first.sql).toContain(`${quoteIdentifier(variable)} AS `);
        validateScript(first);
      }),
      // A back quote in a variable's name once reached the parser inside a qualified column (`` ```.`url` ``).
      { numRuns: 100, examples: [[{ variables: ['` '], quantifiers: [0, 0, 0, 0, 0], literal: ' ', measure: ' ', within: '10 min' }]] },
    );
  });

  it('event-features jobs compile deterministically and pass the SQL validation (property)', () => {
    fc.assert(
      fc.property(eventSpec, (spec) => {
        const features = eventFeatures({
          from: clicks,
          partitionBy: spec.partitionBy,
          select: (c) => ({ event_id: c.event_id, hour: hourOfDay(c.event_time, spec.zone), weekday: dayOfWeek(c.event_time, spec.zone) }),
          trailing: {
            window: spec.window(),
            features: (c) => [...spec.features.flatMap((index) => AGGREGATES[index]?.(c) ?? []), ...(spec.zScores ? [zScore(c.price)] : [])],
          },
        });
        const identity = jobIdentity('jobs/random.ts', 'v1');
        const first = compileJob(features, identity, GOLDEN_TARGETS.aws);
        expect(compileJob(features, identity, GOLDEN_TARGETS.aws).sql).toBe(first.sql);
        validateScript(first);
      }),
      { numRuns: 100 },
    );
  });

  it('compile to byte-identical SQL twice and pass the SQL validation (property)', () => {
    fc.assert(
      fc.property(jobSpec, (spec) => {
        const features = job({
          from: clicks,
          keys: spec.keys,
          window: spec.window(),
          ...(spec.filterPrice === undefined ? {} : { where: (c: Row) => c.price.gt(spec.filterPrice ?? 0) }),
          ...(spec.urlLiteral === undefined ? {} : { where: (c: Row) => c.url.ne(spec.urlLiteral ?? '') }),
          aggregations: (c) => [
            ...spec.aggregates.flatMap((index) => AGGREGATES[index]?.(c) ?? []),
            ...(spec.renamed === undefined ? [] : [count().as(`x_${spec.renamed}`)]),
          ],
        });
        const identity = jobIdentity('jobs/random.ts', 'v1');
        const first = compileJob(features, identity, GOLDEN_TARGETS.local);
        const second = compileJob(features, identity, GOLDEN_TARGETS.local);
        expect(second.sql).toBe(first.sql);
        expect(second.stateHash).toBe(first.stateHash);
        validateScript(first);
      }),
      { numRuns: 200 },
    );
  });
});
