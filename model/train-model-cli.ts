/**
 * npm run train-model [-- --out build/model/click-anomaly.json]
 *
 * Trains the reference model on seeded synthetic data (the same model and version every time) and
 * writes it where the model server looks for it.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ARTIFACT_PATH } from './artifact-path.js';
import { saveArtifact, trainClickAnomalyModel, TRAINING } from './click-anomaly-model.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: DEFAULT_ARTIFACT_PATH } } });
console.log(`training ${TRAINING.trees} trees on ${TRAINING.samples} seeded rows (seed ${TRAINING.seed}); this takes about 10 s`);
const started = Date.now();
const artifact = trainClickAnomalyModel();
saveArtifact(values.out, artifact);
const { holdoutAccuracy, holdoutRecall } = artifact.training;
console.log(
  `model ${artifact.name} version ${artifact.version}: holdout accuracy ${(holdoutAccuracy * 100).toFixed(1)} %, anomaly recall ${(holdoutRecall * 100).toFixed(1)} % ` +
    `(${((Date.now() - started) / 1000).toFixed(1)} s) -> ${values.out}`,
);
