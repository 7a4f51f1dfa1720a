/**
 * The reference model: a seeded random forest (ml-random-forest) over the user-activity features,
 * giving the probability that a click is anomalous. Its version is a hash of the trained forest, so
 * the same training gives the same version and any change gives a new one.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { FEATURE_COLUMNS, MODEL_NAME } from './features.js';
import { labeledRows, type LabeledRows } from './training-data.js';

export interface TrainingSettings {
  readonly samples: number;
  readonly holdout: number;
  readonly seed: number;
  readonly trees: number;
  readonly maxDepth: number;
}

export const TRAINING: TrainingSettings = { samples: 3000, holdout: 2000, seed: 42, trees: 20, maxDepth: 8 };

export interface ModelArtifact {
  readonly name: string;
  readonly version: string;
  readonly features: readonly string[];
  readonly training: TrainingSettings & { readonly holdoutAccuracy: number; readonly holdoutRecall: number; readonly dataHash?: string };
  /** ml-random-forest's own serialization (RandomForestClassifier#toJSON). */
  readonly forest: unknown;
}

export interface ClickAnomalyModel {
  readonly name: string;
  readonly version: string;
  readonly featureCount: number;
  /** Probability of label 1 (anomalous) per row. */
  predict(rows: readonly (readonly number[])[]): number[];
}

function fromForest(name: string, version: string, forest: RandomForestClassifier): ClickAnomalyModel {
  return {
    name,
    version,
    featureCount: FEATURE_COLUMNS.length,
    predict: (rows) => (rows.length === 0 ? [] : forest.predictProbability(rows.map((row) => [...row]), 1)),
  };
}

/** 12 hex digits of the SHA-256 of a value's JSON: model versions and training fingerprints. */
function shortHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

/** A fingerprint of the rows a model is trained on: a model whose data the code no longer makes is stale. */
export function trainingDataHash(training: LabeledRows): string {
  return shortHash(training);
}

/** Whether the artifact was trained on the data the current code generates for its settings. */
export function isCurrent(artifact: ModelArtifact): boolean {
  return artifact.training.dataHash === trainingDataHash(labeledRows(artifact.training.samples, artifact.training.seed));
}

/** Trains the forest on seeded data and evaluates it on a holdout drawn with another seed. */
export function trainClickAnomalyModel(settings: TrainingSettings = TRAINING): ModelArtifact {
  const training = labeledRows(settings.samples, settings.seed);
  const forest = new RandomForestClassifier({
    nEstimators: settings.trees,
    seed: settings.seed,
    maxFeatures: 0.8,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: { maxDepth: settings.maxDepth },
  });
  forest.train(training.rows, training.labels);
  const serialized: unknown = JSON.parse(JSON.stringify(forest.toJSON()));
  const version = shortHash(serialized);
  const holdout = labeledRows(settings.holdout, settings.seed + 1);
  const model = fromForest(MODEL_NAME, version, forest);
  const predicted = model.predict(holdout.rows).map((probability) => (probability >= 0.5 ? 1 : 0));
  const correct = predicted.filter((label, index) => label === holdout.labels[index]).length;
  const anomalies = holdout.labels.filter((label) => label === 1).length;
  const caught = predicted.filter((label, index) => label === 1 && holdout.labels[index] === 1).length;
  return {
    name: MODEL_NAME,
    version,
    features: FEATURE_COLUMNS,
    training: { ...settings, holdoutAccuracy: correct / holdout.labels.length, holdoutRecall: caught / anomalies, dataHash: trainingDataHash(training) },
    forest: serialized,
  };
}

export function saveArtifact(path: string, artifact: ModelArtifact): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(artifact)}\n`);
}

export function loadModel(artifact: ModelArtifact): ClickAnomalyModel {
  if (artifact.features.join() !== FEATURE_COLUMNS.join()) {
    throw new Error(`model ${artifact.name} ${artifact.version} was trained on [${artifact.features.join(', ')}], not on [${FEATURE_COLUMNS.join(', ')}]; run npm run train-model`);
  }
  return fromForest(artifact.name, artifact.version, RandomForestClassifier.load(artifact.forest as Parameters<typeof RandomForestClassifier.load>[0]));
}

export function readArtifact(path: string): ModelArtifact {
  return JSON.parse(readFileSync(path, 'utf8')) as ModelArtifact;
}
