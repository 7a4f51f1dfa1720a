/**
 * The reference ML REST API: Open Inference Protocol v2 (the KServe/Triton REST protocol) over
 * fastify. Errors are v2 error bodies, `{ "error": "..." }`: 400 for a bad request, 404 for an
 * unknown model or version. Every inference response names the model version.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { ClickAnomalyModel } from './click-anomaly-model.js';
import { BadInferenceRequest, featureRows, inferenceRequestSchema, type InferenceResponse } from './inference-protocol.js';
import { formatZodIssues } from '../common/zod-issues.js';

export const SERVER_NAME = 'clickstream-model-server';
export const SERVER_VERSION = '0.1.0';

export function buildModelServer(model: ClickAnomalyModel, options: { readonly logger?: boolean } = {}): FastifyInstance {
  const server = Fastify({ logger: options.logger ?? false, bodyLimit: 32 * 1024 * 1024 });
  const unknownModel = (name: string, version?: string) =>
    ({ error: version === undefined ? `model '${name}' not found; this server serves '${model.name}'` : `model '${name}' version '${version}' not found; this server serves '${model.name}' version '${model.version}'` }) as const;
  const matches = (name: string, version?: string) => name === model.name && (version === undefined || version === model.version);
  const metadata = () => ({
    name: model.name,
    versions: [model.version],
    platform: 'ml-random-forest',
    inputs: [{ name: 'features', datatype: 'FP64', shape: [-1, model.featureCount] }],
    outputs: [{ name: 'probability', datatype: 'FP64', shape: [-1, 1] }],
  });

  // Bodies that are not JSON get a v2 error too, not fastify's own shape.
  server.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.status(status).send({ error: status === 500 ? `internal error: ${error.message}` : error.message });
  });
  server.setNotFoundHandler((request, reply) => reply.status(404).send({ error: `no route ${request.method} ${request.url}` }));

  server.get('/v2', () => ({ name: SERVER_NAME, version: SERVER_VERSION, extensions: [] }));
  server.get('/v2/health/live', () => ({ live: true }));
  server.get('/v2/health/ready', () => ({ ready: true }));

  type ModelParams = { name: string; version?: string };
  const modelRoutes = ['/v2/models/:name', '/v2/models/:name/versions/:version'];
  for (const route of modelRoutes) {
    server.get<{ Params: ModelParams }>(route, (request, reply) =>
      matches(request.params.name, request.params.version) ? metadata() : reply.status(404).send(unknownModel(request.params.name, request.params.version)),
    );
    server.get<{ Params: ModelParams }>(`${route}/ready`, (request, reply) =>
      matches(request.params.name, request.params.version) ? { name: model.name, ready: true } : reply.status(404).send(unknownModel(request.params.name, request.params.version)),
    );
    server.post<{ Params: ModelParams; Body: unknown }>(`${route}/infer`, (request, reply) => {
      if (!matches(request.params.name, request.params.version)) return reply.status(404).send(unknownModel(request.params.name, request.params.version));
      const parsed = inferenceRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        return reply.status(400).send({ error: formatZodIssues(parsed.error.issues, 'body') });
      }
      let rows: number[][];
      try {
        rows = featureRows(parsed.data, model.featureCount);
      } catch (error) {
        if (error instanceof BadInferenceRequest) return reply.status(400).send({ error: error.message });
        throw error;
      }
      const probabilities = model.predict(rows);
      const response: InferenceResponse = {
        model_name: model.name,
        model_version: model.version,
        ...(parsed.data.id === undefined ? {} : { id: parsed.data.id }),
        outputs: [{ name: 'probability', shape: [rows.length, 1], datatype: 'FP64', data: probabilities }],
      };
      return response;
    });
  }
  return server;
}
