/**
 * The enricher's client of the ML REST API (Open Inference Protocol v2): one request per chunk of
 * rows (a Lambda batch is usually one chunk), each with a timeout, retried with jittered exponential
 * backoff on timeouts, network errors and 5xx, behind a circuit breaker (cockatiel) so a dead API
 * fails the batch at once instead of after every record's retries.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { z } from 'zod';

export interface InferenceClientOptions {
  /** Base URL of the v2 server, e.g. http://127.0.0.1:8080 */
  readonly endpoint: string;
  readonly model: string;
  /** Per attempt. */
  readonly timeoutMs?: number;
  /** Rows per request; a larger batch is split. */
  readonly maxRowsPerRequest?: number;
  /** Attempts after the first. */
  readonly retries?: number;
  /** Consecutive failed calls (after their retries) that open the breaker. */
  readonly breakerThreshold?: number;
  /** How long the breaker stays open before letting one call through to test the API. */
  readonly breakerHalfOpenAfterMs?: number;
}

export interface Scores {
  readonly modelName: string;
  readonly modelVersion: string;
  /** One per input row, in order. */
  readonly probabilities: readonly number[];
}

/** The API refused the request (4xx): retrying cannot help, the records go to the failure path. */
export class InferenceRejected extends Error {
  override readonly name = 'InferenceRejected';
}

/** The API could not be reached or kept failing: a retry of the batch later may help. */
export class InferenceUnavailable extends Error {
  override readonly name = 'InferenceUnavailable';
}

class RetryableStatus extends Error {}

const responseSchema = z.object({
  model_name: z.string(),
  model_version: z.string(),
  outputs: z.array(z.object({ name: z.string(), shape: z.array(z.number()), data: z.array(z.number()) })).min(1),
});

export class InferenceClient {
  private readonly policy: IPolicy;
  private readonly url: string;
  private readonly maxRows: number;

  constructor(private readonly options: InferenceClientOptions) {
    this.url = `${options.endpoint.replace(/\/+$/, '')}/v2/models/${encodeURIComponent(options.model)}/infer`;
    this.maxRows = options.maxRowsPerRequest ?? 1000;
    // Only failures a retry can fix are retried: timeouts, network errors, 5xx.
    const retryable = handleWhen((error) => error instanceof RetryableStatus || error instanceof TaskCancelledError || error instanceof TypeError);
    const retries = retry(retryable, { maxAttempts: options.retries ?? 3, backoff: new ExponentialBackoff({ initialDelay: 20, maxDelay: 500 }) });
    const breaker = circuitBreaker(retryable, {
      halfOpenAfter: options.breakerHalfOpenAfterMs ?? 5_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 3),
    });
    this.policy = wrap(breaker, retries, timeout(options.timeoutMs ?? 1_000, TimeoutStrategy.Aggressive));
  }

  /** Scores every row; throws InferenceRejected or InferenceUnavailable. */
  async score(rows: readonly (readonly number[])[]): Promise<Scores> {
    if (rows.length === 0) return { modelName: this.options.model, modelVersion: '', probabilities: [] };
    const chunks: (readonly (readonly number[])[])[] = [];
    for (let start = 0; start < rows.length; start += this.maxRows) chunks.push(rows.slice(start, start + this.maxRows));
    const answers = await Promise.all(chunks.map((chunk) => this.request(chunk)));
    const versions = new Set(answers.map((answer) => answer.modelVersion));
    // A deploy between two chunks would mix versions in one batch; say so rather than mislabel rows.
    if (versions.size > 1) throw new InferenceUnavailable(`model ${this.options.model} changed version during one batch (${[...versions].join(', ')}); retry the batch`);
    return { modelName: answers[0]?.modelName ?? this.options.model, modelVersion: answers[0]?.modelVersion ?? '', probabilities: answers.flatMap((answer) => answer.probabilities) };
  }

  private async request(rows: readonly (readonly number[])[]): Promise<Scores> {
    const body = JSON.stringify({ inputs: [{ name: 'features', shape: [rows.length, rows[0]?.length ?? 0], datatype: 'FP64', data: rows.flat() }] });
    let response: { readonly status: number; readonly ok: boolean; readonly text: string };
    try {
      // The body is read inside the policy: its signal is aborted once the attempt is over.
      response = await this.policy.execute(async ({ signal }) => {
        const answer = await fetch(this.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal });
        const text = await answer.text();
        if (answer.status >= 500) throw new RetryableStatus(`${answer.status} ${text.slice(0, 500)}`);
        return { status: answer.status, ok: answer.ok, text };
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError) throw new InferenceUnavailable(`ML API ${this.options.endpoint} is failing; circuit open, not calling it for now`);
      if (error instanceof TaskCancelledError) throw new InferenceUnavailable(`ML API ${this.options.endpoint} did not answer within ${this.options.timeoutMs ?? 1_000} ms`);
      if (error instanceof RetryableStatus || error instanceof TypeError) throw new InferenceUnavailable(`ML API ${this.options.endpoint} failed: ${error.message}`);
      throw error;
    }
    if (!response.ok) throw new InferenceRejected(`ML API refused the request (${response.status}): ${response.text.slice(0, 500)}`);
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new InferenceRejected(`ML API answer is not JSON: ${response.text.slice(0, 200)}`);
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) throw new InferenceRejected(`ML API answer is not a v2 inference response: ${parsed.error.issues[0]?.message ?? ''}`);
    const output = parsed.data.outputs.find((candidate) => candidate.name === 'probability') ?? parsed.data.outputs[0];
    if (output === undefined || output.data.length !== rows.length) {
      throw new InferenceRejected(`ML API returned ${String(output?.data.length)} scores for ${rows.length} rows`);
    }
    return { modelName: parsed.data.model_name, modelVersion: parsed.data.model_version, probabilities: output.data };
  }
}
