/**
 * The joins, one module per kind under `join/`: regular-join, interval-join (both two-sided, sharing
 * two-sided), temporal-join, with the sides' types and checks (sides), and the job the compiler reads
 * (join-node). This module keeps `dsl/join-job.js` importable for the code that already names it.
 */
export { join, type JoinSpec } from './join/regular-join.js';
export { intervalJoin, type IntervalJoinSpec } from './join/interval-join.js';
export { temporalJoin, type TemporalJoinSpec, type VersionedTable } from './join/temporal-join.js';
export type { JoinTable, KeyPair } from './join/two-sided.js';
export type { JoinSideSpec } from './join/sides.js';
export type { CompiledJoinSide, IntervalJoinJob, JoinJob, RegularJoinJob, TemporalJoinJob } from './join/join-node.js';
