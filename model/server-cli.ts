/**
 * npm run model-server [-- --port 8080 --host 127.0.0.1 --model build/model/click-anomaly.json]
 *
 * Serves the reference model over the Open Inference Protocol v2 until Ctrl-C. Without a trained
 * model file, or with one trained on data the code no longer generates, it trains one first (what
 * `npm run train-model` does).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_ARTIFACT_PATH } from './artifact-path.js';
import { isCurrent, loadModel, readArtifact, saveArtifact, trainClickAnomalyModel, type ModelArtifact } from './click-anomaly-model.js';
import { buildModelServer } from './model-server.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' }, model: { type: 'string', default: DEFAULT_ARTIFACT_PATH } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (0 picks a free one), got '${values.port}'`);
  process.exit(2);
}
/** The model to serve: the file's, or a new one when there is none or it was trained on other data. */
function currentArtifact(path: string): ModelArtifact {
  if (!existsSync(path)) {
    console.log(`no model at ${path}; training one (npm run train-model does the same)`);
    const trained = trainClickAnomalyModel();
    saveArtifact(path, trained);
    return trained;
  }
  const stored = readArtifact(path);
  if (isCurrent(stored)) return stored;
  // The generator or the features changed since it was trained: serving it would score other data.
  console.log(`the model at ${path} was trained on data this code no longer generates; retraining (npm run train-model does the same)`);
  const retrained = trainClickAnomalyModel(stored.training);
  saveArtifact(path, retrained);
  return retrained;
}

let server;
try {
  const model = loadModel(currentArtifact(values.model));
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
