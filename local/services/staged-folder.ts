import { mkdirSync, renameSync, rmSync } from 'node:fs';

/**
 * Fills `folder` by filling a staging folder beside it and renaming that into place, so an
 * interrupted download or copy never looks installed. Whatever was in `folder` before is replaced.
 */
export async function fillFolderInPlace(folder: string, fill: (staging: string) => Promise<void> | void): Promise<void> {
  const staging = `${folder}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await fill(staging);
    rmSync(folder, { recursive: true, force: true });
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
