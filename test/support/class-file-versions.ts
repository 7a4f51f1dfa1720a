import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readSync, closeSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

/** Java's class-file major version of a Java release: 55 is Java 11, 61 is Java 17 (JVM spec, 4.1). */
export function classFileMajor(javaRelease: number): number {
  return 44 + javaRelease;
}

export interface ClassFileVersion {
  /** The entry's path in the jar, e.g. `com/clickstream/runner/RunnerMain.class`. */
  readonly entry: string;
  readonly major: number;
  /**
   * The newest major version this entry may have: a multi-release jar's `META-INF/versions/N/`
   * entries are loaded only on Java N and later, so they may target N; every other entry must load
   * on the oldest Java the jar supports.
   */
  readonly allowed: number;
}

function walk(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.class'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function majorVersion(path: string): number {
  const header = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0xcafebabe) throw new Error(`${path} is not a class file (no CAFEBABE magic)`);
  return header.readUInt16BE(6);
}

/** The class-file version of every class in `jar` (unpacked with `unzip` into a temporary folder). */
export function classFileVersions(jar: string, javaRelease: number): ClassFileVersion[] {
  const folder = mkdtempSync(join(tmpdir(), 'jar-classes-'));
  try {
    execFileSync('unzip', ['-q', '-o', jar, '*.class', '-d', folder], { stdio: ['ignore', 'ignore', 'pipe'] });
    return walk(folder).map((path) => {
      const entry = relative(folder, path).split(sep).join('/');
      const versioned = /^META-INF\/versions\/(\d+)\//.exec(entry);
      return { entry, major: majorVersion(path), allowed: classFileMajor(versioned === null ? javaRelease : Number(versioned[1])) };
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
