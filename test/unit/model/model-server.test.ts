import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCurrent, loadModel, trainClickAnomalyModel, type ModelArtifact } from '../../../model/click-anomaly-model.js';
import { FEATURE_COLUMNS, MODEL_NAME } from '../../../model/features.js';
import { buildModelServer } from '../../../model/model-server.js';

// Smaller than `npm run train-model` so the suite stays fast; same code path.
const SMALL = { samples: 1500, holdout: 600, seed: 42, trees: 10, maxDepth: 8 } as const;

// 3 am on a Monday, 900 clicks in the hour over most of the shop's 67 crawlable pages.
const BOT = [3, 2, 900, 66, 30, 0];
const ORDINARY = [14, 3, 5, 4, 40, 0.3];

describe('reference model (ml-random-forest on seeded data)', () => {
  let artifact: ModelArtifact;
  beforeAll(() => {
    artifact = trainClickAnomalyModel(SMALL);
  });

  it('trains deterministically: same seed, same version; another seed, another version', () => {
    expect(trainClickAnomalyModel(SMALL).version).toBe(artifact.version);
    expect(trainClickAnomalyModel({ ...SMALL, seed: 7 }).version).not.toBe(artifact.version);
  });

  it('tells injected anomalies from ordinary browsing on held-out rows', () => {
    expect(artifact.training.holdoutAccuracy).toBeGreaterThan(0.95);
    expect(artifact.training.holdoutRecall).toBeGreaterThan(0.9);
    const [bot = 0, ordinary = 1] = loadModel(JSON.parse(JSON.stringify(artifact)) as ModelArtifact).predict([BOT, ORDINARY]);
    expect(bot).toBeGreaterThan(0.5);
    expect(ordinary).toBeLessThan(0.5);
  });

  it('knows a model trained on data the code no longer generates is stale', () => {
    expect(isCurrent(artifact)).toBe(true);
    expect(isCurrent({ ...artifact, training: { ...artifact.training, dataHash: 'older' } })).toBe(false);
  });

  it('refuses an artifact trained on other features', () => {
    expect(() => loadModel({ ...artifact, features: ['a', 'b'] })).toThrow(/was trained on \[a, b\], not on \[hour_of_day/);
  });
});

describe('model server (Open Inference Protocol v2)', () => {
  let server: FastifyInstance;
  let version: string;
  beforeAll(() => {
    const artifact = trainClickAnomalyModel(SMALL);
    version = artifact.version;
    server = buildModelServer(loadModel(artifact));
  });
  afterAll(() => server.close());

  const infer = (body: unknown, path = `/v2/models/${MODEL_NAME}/infer`) => server.inject({ method: 'POST', url: path, payload: body as object });

  it('answers health, server and model metadata', async () => {
    expect((await server.inject('/v2/health/live')).json()).toEqual({ live: true });
    expect((await server.inject('/v2/health/ready')).json()).toEqual({ ready: true });
    expect((await server.inject('/v2')).json()).toMatchObject({ name: 'clickstream-model-server' });
    expect((await server.inject(`/v2/models/${MODEL_NAME}`)).json()).toEqual({
      name: MODEL_NAME,
      versions: [version],
      platform: 'ml-random-forest',
      inputs: [{ name: 'features', datatype: 'FP64', shape: [-1, FEATURE_COLUMNS.length] }],
      outputs: [{ name: 'probability', datatype: 'FP64', shape: [-1, 1] }],
    });
    expect((await server.inject(`/v2/models/${MODEL_NAME}/versions/${version}/ready`)).json()).toEqual({ name: MODEL_NAME, ready: true });
  });

  it('scores a batch given flat or nested, and names the model version', async () => {
    const flat = await infer({ id: 'batch-1', inputs: [{ name: 'features', shape: [2, 6], datatype: 'FP64', data: [...BOT, ...ORDINARY] }] });
    const nested = await infer({ inputs: [{ name: 'features', shape: [2, 6], datatype: 'FP32', data: [BOT, ORDINARY] }] });
    expect(flat.statusCode).toBe(200);
    const body = flat.json<{ model_name: string; model_version: string; id: string; outputs: { name: string; shape: number[]; data: number[] }[] }>();
    expect(body).toMatchObject({ model_name: MODEL_NAME, model_version: version, id: 'batch-1' });
    expect(body.outputs[0]?.shape).toEqual([2, 1]);
    expect(body.outputs[0]?.data[0]).toBeGreaterThan(0.5);
    expect(body.outputs[0]?.data[1]).toBeLessThan(0.5);
    expect(nested.json<typeof body>().outputs).toEqual(body.outputs);
    expect((await infer({ inputs: [{ name: 'features', shape: [0, 6], datatype: 'FP64', data: [] }] })).json<typeof body>().outputs[0]?.data).toEqual([]);
  });

  it.each([
    [{ inputs: [] }, 'inputs: inputs must hold the `features` tensor'],
    [{ inputs: [{ name: 'x', shape: [1, 6], datatype: 'FP64', data: BOT }] }, "no input named 'features' (got: x)"],
    [{ inputs: [{ name: 'features', shape: [1, 6], datatype: 'BYTES', data: BOT }] }, "input 'features' must be FP64 or FP32, got BYTES"],
    [{ inputs: [{ name: 'features', shape: [1, 5], datatype: 'FP64', data: BOT.slice(1) }] }, "input 'features' must have shape [rows, 6], got [1, 5]"],
    [{ inputs: [{ name: 'features', shape: [2, 6], datatype: 'FP64', data: BOT }] }, "input 'features' has shape [2, 6] but 6 values"],
    [{ inputs: [{ name: 'features', shape: [1, 6], datatype: 'FP64', data: [3, 2, 'many', 700, 0, 0] }] }, 'input \'features\' value 2 is not a finite number: "many"'],
    [{ inputs: 'features' }, 'inputs: Invalid input: expected array, received string'],
  ])('answers 400 with a v2 error body for %j', async (body, error) => {
    const response = await infer(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error });
  });

  it('answers 400 for a body that is not JSON and 404 for an unknown model or version', async () => {
    const notJson = await server.inject({ method: 'POST', url: `/v2/models/${MODEL_NAME}/infer`, payload: '{"inputs": [', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<{ error: string }>().error).toMatch(/JSON/);
    const unknown = await infer({ inputs: [] }, '/v2/models/fraud/infer');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: `model 'fraud' not found; this server serves '${MODEL_NAME}'` });
    const oldVersion = await server.inject(`/v2/models/${MODEL_NAME}/versions/0/ready`);
    expect(oldVersion.statusCode).toBe(404);
  });

  it('serves over real HTTP', async () => {
    const address = await server.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${address}/v2/models/${MODEL_NAME}/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'features', shape: [1, 6], datatype: 'FP64', data: ORDINARY }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { model_version: string }).model_version).toBe(version);
  });
});
