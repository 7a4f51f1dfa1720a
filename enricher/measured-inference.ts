/**
 * An inference client that also counts its calls, failures and time: what the enricher's ML
 * metrics (and alarms on the ML API) and its benchmark's "overhead excluding the ML call" are made of.
 */
import type { InferenceClient } from './inference-client.js';

export interface InferenceMeasure {
  calls: number;
  failures: number;
  milliseconds: number;
}

export function newInferenceMeasure(): InferenceMeasure {
  return { calls: 0, failures: 0, milliseconds: 0 };
}

export function measuredInference(inner: Pick<InferenceClient, 'score'>, measure: InferenceMeasure): Pick<InferenceClient, 'score'> {
  return {
    score: async (rows) => {
      const started = performance.now();
      measure.calls += 1;
      try {
        return await inner.score(rows);
      } catch (error) {
        measure.failures += 1;
        throw error;
      } finally {
        measure.milliseconds += performance.now() - started;
      }
    },
  };
}
