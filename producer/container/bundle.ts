/**
 * Builds the producer's container context: `producer.mjs` (the CLI and every dependency in one ES
 * module, by the esbuild in node_modules, as the enricher Lambda is bundled) and the Dockerfile beside
 * it. The CDK app builds it at synth time and hands the folder to ECS as an image asset; the tests run
 * the same file with `node`, configured by environment only, as the container is.
 */
import { buildSync } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../common/repo-paths.js';

export const PRODUCER_BUNDLE = 'producer.mjs';

/** Writes the image context into `outDir` (emptied first) and returns the bundle's path. */
export function bundleProducerImage(outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, PRODUCER_BUNDLE);
  const result = buildSync({
    entryPoints: [join(REPO_ROOT, 'producer/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // The oldest Node the project supports; the image runs a newer one.
    target: 'node20',
    sourcemap: true,
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  if (result.errors.length > 0) throw new Error(`bundling the producer failed: ${result.errors.map((error) => error.text).join('; ')}`);
  copyFileSync(join(REPO_ROOT, 'producer/container/Dockerfile'), join(outDir, 'Dockerfile'));
  return outfile;
}
