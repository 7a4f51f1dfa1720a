import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so commands work from any working directory. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Root of everything the service manager writes: downloads (kept across runs so a warm start needs
 * no network), per-run data and logs. Git-ignored. `CLICKSTREAM_CACHE_DIR` moves it, e.g. to a CI cache.
 */
export function cacheDir(): string {
  return process.env.CLICKSTREAM_CACHE_DIR ?? join(REPO_ROOT, '.cache');
}

export function downloadsDir(): string {
  return join(cacheDir(), 'downloads');
}

/** Per-run service data; a folder per owning process, removed when its services stop. */
export function runDir(): string {
  return join(cacheDir(), 'run');
}

/** Service logs, kept after a run so a failure can be read afterwards; pruned to the newest few. */
export function logsDir(): string {
  return join(cacheDir(), 'logs');
}
