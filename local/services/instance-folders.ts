import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessGroupAlive } from '../../common/process/managed-process.js';

const OWNER_FILE = 'instance.json';
const UNCLAIMED_GRACE_MS = 10 * 60 * 1000;

/** A fresh folder for one service instance, named so concurrent runs never collide. */
export function createInstanceFolder(root: string, service: string): string {
  const folder = join(root, `${service}-${Date.now()}-${process.pid}`);
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  return folder;
}

/** Records which process group uses a folder, so a later run can tell a leftover from a live one. */
export function claimInstanceFolder(folder: string, pgid: number): void {
  writeFileSync(join(folder, OWNER_FILE), JSON.stringify({ pgid }));
}

/**
 * Removes instance folders left by runs that died before cleaning up (the reaper normally removes
 * them; a machine reboot or a reaper killed with its owner does not).
 */
export function pruneStaleInstanceFolders(root: string): void {
  let entries: string[];
  try {
    entries = readdirSync(root);
  } catch {
    return;
  }
  for (const entry of entries) {
    const folder = join(root, entry);
    if (isStale(folder)) rmSync(folder, { recursive: true, force: true });
  }
}

function isStale(folder: string): boolean {
  try {
    const { pgid } = JSON.parse(readFileSync(join(folder, OWNER_FILE), 'utf8')) as { pgid: number };
    return !isProcessGroupAlive(pgid);
  } catch {
    // Not claimed (yet): only a folder too old to be a service still starting is a leftover.
    try {
      return Date.now() - statSync(folder).mtimeMs > UNCLAIMED_GRACE_MS;
    } catch {
      return false;
    }
  }
}

/** Keeps the newest `keep` log files per service so logs of earlier failures stay readable. */
export function pruneOldLogs(logsFolder: string, keep: number): void {
  let files: string[];
  try {
    files = readdirSync(logsFolder).filter((file) => file.endsWith('.log'));
  } catch {
    return;
  }
  const byService = new Map<string, string[]>();
  for (const file of files) {
    const service = file.split('-')[0] ?? file;
    byService.set(service, [...(byService.get(service) ?? []), file]);
  }
  for (const serviceFiles of byService.values()) {
    // Names carry a millisecond timestamp right after the service name, so a sort is chronological.
    for (const old of serviceFiles.sort().reverse().slice(keep)) rmSync(join(logsFolder, old), { force: true });
  }
}
