/**
 * Guardian of the services a process owns: started as a separate, detached process, it is told on
 * stdin which process groups and folders belong to its owner. When its stdin closes without a
 * `done` line, the owner died without cleaning up (SIGKILL, a crash, a test runner torn down), so the
 * reaper stops those groups and removes those folders. This is what guarantees no orphan services,
 * whatever happens to the owner; a normal stop sends `done` and the reaper exits without acting.
 *
 * Protocol, one command per line: `watch <pgid>`, `cleanup <absolute path>`, `done`.
 */
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { stopProcessGroup } from '../../common/process/managed-process.js';

const GRACE_MS = 5_000;
const groups = new Set<number>();
const folders = new Set<string>();
let ownerFinished = false;

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, argument] = line.trim().split(/ (.*)/s);
  if (command === 'watch' && argument !== undefined) groups.add(Number(argument));
  else if (command === 'cleanup' && argument !== undefined) folders.add(argument);
  else if (command === 'done') ownerFinished = true;
});
input.on('close', () => {
  if (ownerFinished) process.exit(0);
  void reap().finally(() => process.exit(0));
});

async function reap(): Promise<void> {
  await Promise.all([...groups].map((pgid) => stopProcessGroup(pgid, GRACE_MS)));
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}
