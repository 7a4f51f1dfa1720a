import { count, job, session } from '../../sql/index.js';
import { clicks } from '../../jobs/sources.js';

/**
 * A job the compiler accepts and Flink's planner refuses: a session window over two keys compiles to
 * `SESSION(TABLE ... PARTITION BY a, b)`, which Flink 1.19 reads as one key and an unknown column (the DSL
 * issue about planner-checking every construct is to fix this; the kit must then find another such job).
 */
export const v1 = job({ from: clicks, keys: ['user_id', 'session_id'], window: session({ gap: '30 min' }), aggregations: () => [count()] });
