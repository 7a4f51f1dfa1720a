import { join } from 'node:path';
import { REPO_ROOT } from '../common/repo-paths.js';
import { MODEL_NAME } from './features.js';

/** Where `npm run train-model` writes the model and the server looks for it (git-ignored build output). */
export const DEFAULT_ARTIFACT_PATH = join(REPO_ROOT, 'build/model', `${MODEL_NAME}.json`);
