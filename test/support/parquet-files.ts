import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';

/** A row of a data-lake copy, with the Hive-style folder values (`dt=2026-11-23`) it was filed under. */
export interface LakeRow {
  readonly folders: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Every row of the finished Parquet files under `root`. Flink's filesystem sink writes a part file as
 * `.part-...inprogress...` and renames it to `part-...` once a checkpoint commits it: files starting
 * with a dot are not data yet.
 */
export async function finishedParquetRows(root: string): Promise<LakeRow[]> {
  const rows: LakeRow[] = [];
  const visit = async (folder: string, folders: Record<string, string>): Promise<void> => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        const [key, value] = entry.name.split('=');
        await visit(path, value === undefined || key === undefined ? folders : { ...folders, [key]: value });
        continue;
      }
      const bytes = readFileSync(path);
      const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      for (const values of await parquetReadObjects({ file })) rows.push({ folders, values });
    }
  };
  await visit(root, {});
  return rows;
}
