import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Checkpoint, CheckpointStore } from './checkpoint.js';

/** The CLI's default store: a JSON file, replaced atomically (write, then rename) on every save. */
export class FileCheckpointStore implements CheckpointStore {
  readonly description: string;

  constructor(private readonly path: string) {
    this.description = `file ${path}`;
  }

  load(): Promise<Checkpoint | undefined> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve(undefined);
      throw error;
    }
    try {
      return Promise.resolve(JSON.parse(text) as Checkpoint);
    } catch {
      throw new Error(`checkpoint file ${this.path} is not valid JSON; delete it to start over, or fix it`);
    }
  }

  save(checkpoint: Checkpoint): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(checkpoint)}\n`);
    renameSync(temporary, this.path);
    return Promise.resolve();
  }
}
