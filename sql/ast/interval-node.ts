export type IntervalUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY';

/** `INTERVAL '30' MINUTE`: durations of windows, watermarks and time bounds. */
export interface IntervalNode {
  readonly kind: 'IntervalNode';
  readonly amount: number;
  readonly unit: IntervalUnit;
}

export function intervalNode(amount: number, unit: IntervalUnit): IntervalNode {
  return Object.freeze({ kind: 'IntervalNode', amount, unit });
}
