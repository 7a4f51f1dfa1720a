import { describe, expect, it } from 'vitest';
import { clicks } from '../../../jobs/sources.js';
import type { Step } from '../../../sql/dsl/pattern-job.js';
import { count, cumulate, job, optional, pattern, repeat, trailing, zeroOrMore, zScore } from '../../../sql/index.js';

/** A two-variable pattern over clicks with the given sequence. */
function sequenceOf(sequence: readonly [Step<'a' | 'b'>, ...Step<'a' | 'b'>[]]) {
  return () =>
    pattern({
      from: clicks,
      partitionBy: 'user_id',
      define: { a: (c) => c.event_type.eq('view'), b: (c) => c.event_type.eq('purchase') },
      sequence,
      within: '1 h',
      measures: ({ a }) => ({ at: a.event_time }),
    });
}

/** Flink's own MATCH_RECOGNIZE rules, checked by the DSL (the planner agrees: flink-explain.test.ts runs the constructs). */
describe('pattern sequences', () => {
  it('may end with an optional variable or an exact repetition: Flink matches those without a greedy flag', () => {
    expect(sequenceOf(['a', optional('b')])).not.toThrow();
    expect(sequenceOf(['a', repeat('b', { min: 3, max: 3 })])).not.toThrow();
    expect(sequenceOf(['a', zeroOrMore('b', { reluctant: true })])).not.toThrow();
  });

  it('refuses a reluctant optional variable', () => {
    expect(sequenceOf([optional('a', { reluctant: true }), 'b'])).toThrow('sequence: `a`?? is a reluctant optional variable, which Flink does not support; drop { reluctant: true }');
  });

  it('refuses an optional variable right after a greedy one, and takes it after a reluctant or exact one', () => {
    expect(sequenceOf([repeat('a', { min: 1 }), optional('b')])).toThrow(
      'sequence: `b`? follows `a`+, and Flink cannot put an optional variable after a greedy one; make `a`+ reluctant or reorder',
    );
    expect(sequenceOf([repeat('a', { min: 1, reluctant: true }), optional('b')])).not.toThrow();
    expect(sequenceOf([repeat('a', { min: 2, max: 2 }), optional('b')])).not.toThrow();
  });

  it('refuses a sequence that could match no row at all', () => {
    expect(sequenceOf([zeroOrMore('a'), optional('b')])).toThrow(
      'sequence: every variable may match no row, so a match could be empty, which Flink does not allow; make one match at least one row',
    );
  });
});

describe('trailing features over window rows', () => {
  it('refuses cumulate windows, whose steps would count as separate rows', () => {
    expect(() =>
      job({
        from: clicks,
        keys: ['user_id'],
        window: cumulate({ step: '1 h', maxSize: '1 d' }),
        aggregations: () => [count().as('clicks')],
        trailing: { window: trailing('7 d'), features: (row) => [zScore(row.clicks)] },
      }),
    ).toThrow("trailing: cumulate(step 1 h, maxSize 1 d) windows emit a row per step of each window, which a trailing window would count as separate rows; use tumble, hop or session");
  });
});
