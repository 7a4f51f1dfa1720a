/**
 * The model to serve: the trained file's, or a new one when there is none or it was trained on data
 * the code no longer generates (serving that would score other data). What the model server and
 * `npm start` share.
 */
import { existsSync } from 'node:fs';
import { isCurrent, readArtifact, saveArtifact, trainClickAnomalyModel, type ModelArtifact } from './click-anomaly-model.js';

export function currentArtifact(path: string, say: (line: string) => void): ModelArtifact {
  if (!existsSync(path)) {
    say(`no model at ${path}; training one (npm run train-model does the same)`);
    const trained = trainClickAnomalyModel();
    saveArtifact(path, trained);
    return trained;
  }
  const stored = readArtifact(path);
  if (isCurrent(stored)) return stored;
  say(`the model at ${path} was trained on data this code no longer generates; retraining (npm run train-model does the same)`);
  const retrained = trainClickAnomalyModel(stored.training);
  saveArtifact(path, retrained);
  return retrained;
}
