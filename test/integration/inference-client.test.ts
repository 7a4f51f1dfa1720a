/**
 * The enricher's ML client against the real model server, and against real faults: the server
 * stopped (connection refused) and restarted on the same port, and a server that accepts connections
 * but never answers.
 */
import type { FastifyInstance } from 'fastify';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InferenceClient, InferenceRejected, InferenceUnavailable } from '../../enricher/inference-client.js';
import { freeLoopbackPort } from '../../local/services/free-port.js';
import { loadModel, trainClickAnomalyModel, type ClickAnomalyModel } from '../../model/click-anomaly-model.js';
import { MODEL_NAME } from '../../model/features.js';
import { buildModelServer } from '../../model/model-server.js';

const ROWS = [
  [3, 2, 900, 66, 30, 0],
  [14, 3, 5, 4, 40, 0.3],
];

describe('InferenceClient (real model server, real faults)', () => {
  let model: ClickAnomalyModel;
  let port: number;
  let server: FastifyInstance | undefined;

  const startServer = async () => {
    server = buildModelServer(model);
    await server.listen({ port, host: '127.0.0.1' });
  };
  const stopServer = async () => {
    await server?.close();
    server = undefined;
  };

  beforeAll(async () => {
    model = loadModel(trainClickAnomalyModel({ samples: 1500, holdout: 300, seed: 42, trees: 8, maxDepth: 6 }));
    port = await freeLoopbackPort();
    await startServer();
  });

  afterAll(stopServer);

  it('scores a batch in one request, or in chunks when over the size limit, in order', async () => {
    // Prepare
    const whole = new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: MODEL_NAME });
    const chunked = new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: MODEL_NAME, maxRowsPerRequest: 1 });
    const many = Array.from({ length: 250 }, (_, index) => ROWS[index % 2] ?? []);

    // Act
    const scores = await whole.score(ROWS);
    const inChunks = await chunked.score(ROWS);
    const manyScores = await new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: MODEL_NAME, maxRowsPerRequest: 100 }).score(many);

    // Assess
    expect(scores).toEqual({ modelName: MODEL_NAME, modelVersion: model.version, probabilities: model.predict(ROWS) });
    expect(inChunks).toEqual(scores);
    expect(manyScores.probabilities).toEqual(model.predict(many));
  });

  it('does not retry a request the API refuses (4xx): the records go to the failure path', async () => {
    const client = new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: MODEL_NAME });
    await expect(client.score([[1, 2, 3]])).rejects.toThrow(InferenceRejected);
    await expect(client.score([[1, 2, 3]])).rejects.toThrow("must have shape [rows, 6], got [1, 3]");
    await expect(new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: 'fraud' }).score(ROWS)).rejects.toThrow(/404.*model 'fraud' not found/);
  });

  it('with the API down: retries, then opens the breaker and fails fast; closes again once the API is back', async () => {
    // Prepare
    const client = new InferenceClient({ endpoint: `http://127.0.0.1:${port}`, model: MODEL_NAME, retries: 2, breakerThreshold: 2, breakerHalfOpenAfterMs: 1_000 });
    await stopServer();

    // Act
    const first = await client.score(ROWS).catch((error: unknown) => error);
    const second = await client.score(ROWS).catch((error: unknown) => error);
    const whileOpen = await client.score(ROWS).catch((error: unknown) => error);
    await startServer();
    const stillOpen = await client.score(ROWS).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const recovered = await client.score(ROWS);

    // Assess
    expect(first).toBeInstanceOf(InferenceUnavailable);
    expect((first as Error).message).toMatch(/failed: fetch failed/);
    expect(second).toBeInstanceOf(InferenceUnavailable);
    expect((whileOpen as Error).message).toMatch(/circuit open/);
    expect((stillOpen as Error).message).toMatch(/circuit open/);
    expect(recovered.probabilities).toEqual(model.predict(ROWS));
  });

  it('gives up on an API that accepts connections but never answers, after the timeout and retries', async () => {
    // Prepare: a real socket server that reads requests and never replies.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const client = new InferenceClient({ endpoint: `http://127.0.0.1:${address.port}`, model: MODEL_NAME, timeoutMs: 200, retries: 1 });

    // Act
    const error = await client.score(ROWS).catch((caught: unknown) => caught);
    for (const socket of sockets) socket.destroy();
    silent.close();

    // Assess
    expect(error).toBeInstanceOf(InferenceUnavailable);
    expect((error as Error).message).toBe(`ML API http://127.0.0.1:${address.port} did not answer within 200 ms`);
    // The first attempt and one retry, each cut off by the timeout.
    expect(sockets.length).toBe(2);
  });
  it('with the API answering 500: retries through a short spell; a long one opens the breaker, which closes once the API recovers', async () => {
    // Prepare: the real model server, failing infer requests with 500 while `failing` says so.
    let failing = 2;
    let inferRequests = 0;
    const flaky = buildModelServer(model);
    flaky.addHook('onRequest', async (request, reply) => {
      if (!request.url.endsWith('/infer')) return;
      inferRequests += 1;
      if (failing > 0) {
        failing -= 1;
        await reply.code(500).send({ error: 'overloaded' });
      }
    });
    const address = await flaky.listen({ port: 0, host: '127.0.0.1' });
    const client = new InferenceClient({ endpoint: address, model: MODEL_NAME, retries: 3, breakerThreshold: 2, breakerHalfOpenAfterMs: 1_000 });

    try {
      // Act: two 500s, then an answer, within one call.
      const throughSpell = await client.score(ROWS);
      const requestsForSpell = inferRequests;
      // A long spell: every attempt of two calls fails, the breaker opens.
      failing = Number.POSITIVE_INFINITY;
      const first = await client.score(ROWS).catch((error: unknown) => error);
      const second = await client.score(ROWS).catch((error: unknown) => error);
      const requestsBeforeOpen = inferRequests;
      const whileOpen = await client.score(ROWS).catch((error: unknown) => error);
      const requestsWhileOpen = inferRequests - requestsBeforeOpen;
      failing = 0;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const recovered = await client.score(ROWS);

      // Assess
      expect(throughSpell.probabilities).toEqual(model.predict(ROWS));
      expect(requestsForSpell).toBe(3);
      expect(first).toBeInstanceOf(InferenceUnavailable);
      expect((first as Error).message).toMatch(/500 .*overloaded/);
      expect(second).toBeInstanceOf(InferenceUnavailable);
      expect((whileOpen as Error).message).toMatch(/circuit open/);
      expect(requestsWhileOpen).toBe(0);
      expect(recovered.probabilities).toEqual(model.predict(ROWS));
    } finally {
      await flaky.close();
    }
  });
});
