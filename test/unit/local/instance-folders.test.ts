import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  claimInstanceFolder,
  createInstanceFolder,
  pruneOldLogs,
  pruneStaleInstanceFolders,
} from '../../../local/services/instance-folders.js';
import { stopProcessGroup } from '../../../common/process/managed-process.js';

async function deadPid(): Promise<number> {
  const child = spawn('true', [], { detached: true });
  await new Promise((resolveExit) => child.once('exit', resolveExit));
  return child.pid ?? 0;
}

describe('pruneStaleInstanceFolders', () => {
  it('removes folders of dead services and old unclaimed ones, keeps live and just-created ones', async () => {
    // Prepare
    const root = mkdtempSync(join(tmpdir(), 'instances-'));
    const live = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const liveFolder = createInstanceFolder(root, 'redis');
    claimInstanceFolder(liveFolder, live.pid ?? 0);
    const deadFolder = join(root, 'kinesis-1-1');
    mkdirSync(deadFolder);
    claimInstanceFolder(deadFolder, await deadPid());
    const startingFolder = join(root, 'dynamodb-2-2');
    mkdirSync(startingFolder);
    const abandonedFolder = join(root, 'dynamodb-3-3');
    mkdirSync(abandonedFolder);
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    utimesSync(abandonedFolder, anHourAgo, anHourAgo);

    // Act
    pruneStaleInstanceFolders(root);
    await stopProcessGroup(live.pid ?? 0, 1_000);

    // Assess
    expect(existsSync(liveFolder)).toBe(true);
    expect(existsSync(startingFolder)).toBe(true);
    expect(existsSync(deadFolder)).toBe(false);
    expect(existsSync(abandonedFolder)).toBe(false);
  });
});

describe('pruneOldLogs', () => {
  it('keeps the newest logs of each service', () => {
    // Prepare
    const folder = mkdtempSync(join(tmpdir(), 'logs-'));
    for (let time = 1000; time < 1007; time++) writeFileSync(join(folder, `redis-${time}-42.log`), '');
    for (const time of [2000, 2001]) writeFileSync(join(folder, `kinesis-${time}-42.log`), '');

    // Act
    pruneOldLogs(folder, 5);

    // Assess
    expect(readdirSync(folder).sort()).toEqual([
      'kinesis-2000-42.log',
      'kinesis-2001-42.log',
      'redis-1002-42.log',
      'redis-1003-42.log',
      'redis-1004-42.log',
      'redis-1005-42.log',
      'redis-1006-42.log',
    ]);
  });
});
