/**
 * npm run model-server [-- --port 8080 --host 127.0.0.1 --model build/model/click-anomaly.json]
 *
 * Serves the reference model over the Open Inference Protocol v2 until Ctrl-C. Without a trained
 * model file, or with one trained on data the code no longer generates, it trains one first (what
 * `npm run train-model` does).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ARTIFACT_PATH } from './artifact-path.js';
import { loadModel } from './click-anomaly-model.js';
import { currentArtifact } from './current-artifact.js';
import { buildModelServer } from './model-server.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, model: { type: 'string', default: DEFAULT_ARTIFACT_PATH } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 picks a free one), got '${values.port}'`);
  process.exit(2);
}
let server;
try {
  const model = loadModel(currentArtifact(values.model, (line) => {
    console.log(line);
  }));
  server = buildModelServer(model);
  const address = await server.listen({ port, host: values.host });
  console.log(`model server: ${address}/v2, model ${model.name} version ${model.version}; infer at ${address}/v2/models/${model.name}/infer`);
} catch (error) {
  console.error(`model server could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
