import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { downloadsDir } from './cache-paths.js';
import { ServiceInstallError } from './service-errors.js';
import { fillFolderInPlace } from './staged-folder.js';

/**
 * kinesis-mock 0.6.2 spends time quadratic in a shard's length on every PutRecords. Its
 * `PutRecordsRequest.putRecords` (kinesis-mock/src/main/scala/kinesis/mock/api/PutRecordsRequest.scala)
 * groups the request's entries with `validRecs.groupBy { case (shard, currentRecords, _) => (shard, currentRecords) }`:
 * the key holds the shard's whole record Vector, so each entry hashes and compares every record
 * already in the shard. Measured on this machine (one shard, 500-record requests of ~330 B): 100-140
 * records/s, falling as the shard fills; with the fix 2,500-3,600 records/s, flat over 30,000 records.
 * That one bug was the pipeline's bottleneck (README, "Local services"). GetRecords has the same kind
 * of cost: it finds the iterator's record by scanning the shard from its first record on every poll
 * (`GetRecordsRequest.scala`), which with a dozen Flink jobs polling made the Flink hop 36 s p50.
 *
 * The fix groups by the shard alone and keeps each shard's current records beside the groups: the
 * records appended and the map written back are the same as before. It is applied to the npm
 * package's compiled Scala.js file, which is the only build of kinesis-mock that this machine can
 * install (no release jar on Maven Central), into the download cache; the package itself is left as
 * npm installed it. Each edit must match exactly once, so a different build is refused, not half patched.
 */
export const KINESIS_MOCK_VERSION = '0.6.2';

/** Bump when the edits change, so a cached copy made by older edits is rebuilt. */
const PATCH_REVISION = 2;

interface SourceEdit {
  readonly what: string;
  readonly find: string;
  readonly replaceWith: string;
}

const EDITS: readonly SourceEdit[] = [
  {
    what: 'declare the current records per shard before the groupBy loop',
    find: '          var m = $m_scm_Map$().aE();\n          var it = validRecs$2.q();',
    replaceWith:
      '          var currentRecordsByShard = new Map();\n          var m = $m_scm_Map$().aE();\n          var it = validRecs$2.q();',
  },
  {
    what: 'group entries by their shard, not by (shard, every record in it)',
    find: 'var key = $ct_T2__O__O__(new $c_T2(), elem.ev, elem.e2);',
    replaceWith:
      'var key = elem.ev;\n                if (!currentRecordsByShard.has(key)) currentRecordsByShard.set(key, elem.e2);',
  },
  {
    what: "append each group to its shard's current records",
    find: 'var elem$1___1 = x28.m();\n                  var elem$1___2 = x28.n().w1(x0.n().al(',
    replaceWith: 'var elem$1___1 = x28;\n                  var elem$1___2 = currentRecordsByShard.get(x28).w1(x0.n().al(',
  },
  {
    // GetRecords finds the iterator's record with `data.indexWhere(_.sequenceNumber == ...)`, from the
    // shard's first record: every poll costs the shard's length. A reader is nearly always near the
    // end, and sequence numbers are unique within a shard, so searching from the end (Vector `R` is
    // apply, `y` is length) finds the same index after a few comparisons.
    what: "find a GetRecords iterator's record from the shard's end, not its start",
    find: [
      '                    var this$25 = data.q();',
      '                    _return: {',
      '                      var i = 0;',
      '                      var dropped = this$25.f0(0);',
      '                      while (dropped.r()) {',
      '                        var x0 = dropped.o();',
      '                        var x$6 = x0.lh;',
      '                        var x$2$2 = b.EH;',
      '                        if (((x$6 === null) ? (x$2$2 === null) : x$6.b(x$2$2))) {',
      '                          var x14 = i;',
      '                          break _return;',
      '                        }',
      '                        i = ((1 + i) | 0);',
      '                      }',
    ].join('\n'),
    replaceWith: [
      '                    _return: {',
      '                      var i = ((data.y() - 1) | 0);',
      '                      while (i >= 0) {',
      '                        var x$6 = data.R(i).lh;',
      '                        var x$2$2 = b.EH;',
      '                        if (((x$6 === null) ? (x$2$2 === null) : x$6.b(x$2$2))) {',
      '                          var x14 = i;',
      '                          break _return;',
      '                        }',
      '                        i = ((i - 1) | 0);',
      '                      }',
    ].join('\n'),
  },
];

/** Applies the PutRecords and GetRecords fixes to kinesis-mock's compiled `main.js`; throws naming the first edit that does not fit. */
export function patchKinesisMockSource(source: string): string {
  let patched = source;
  for (const edit of EDITS) {
    const matches = patched.split(edit.find).length - 1;
    if (matches !== 1) {
      throw new ServiceInstallError(
        'kinesis',
        `kinesis-mock's main.js is not the ${KINESIS_MOCK_VERSION} build this project patches: "${edit.what}" ` +
          `matched ${matches} times instead of once. Reinstall with \`npm ci\` (package-lock pins kinesis-local ${KINESIS_MOCK_VERSION}).`,
      );
    }
    patched = patched.replace(edit.find, () => edit.replaceWith);
  }
  return patched;
}

const require = createRequire(import.meta.url);

function packageFolder(): string {
  return dirname(require.resolve('kinesis-local/package.json'));
}

/** The patched copy: a folder of its own, because kinesis-mock reads its TLS certificate (server.json) from its working directory. */
export function patchedKinesisMockFolder(): string {
  return join(downloadsDir(), `kinesis-mock-${KINESIS_MOCK_VERSION}-patched`);
}

/** `.cjs`: the compiled file is a CommonJS script, and the cache sits inside this ESM package. */
const PATCHED_MAIN = 'main.cjs';

export function patchedKinesisMockMain(): string {
  return join(patchedKinesisMockFolder(), PATCHED_MAIN);
}

const STAMP_FILE = 'patched-from.json';

/**
 * Writes the patched copy into the download cache unless one made from the same package file by the
 * same edits is there; true when it wrote one.
 */
export async function installPatchedKinesisMock(): Promise<boolean> {
  const source = packageFolder();
  const version = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version?: string }).version;
  if (version !== KINESIS_MOCK_VERSION) {
    throw new ServiceInstallError(
      'kinesis',
      `node_modules/kinesis-local is ${version ?? 'of no version'}, but the PutRecords fix is written for ${KINESIS_MOCK_VERSION}; ` +
        'run `npm ci` to install the version package-lock.json pins.',
    );
  }
  const main = readFileSync(join(source, 'main.js'), 'utf8');
  const stamp = JSON.stringify({
    version,
    revision: PATCH_REVISION,
    sourceSha256: createHash('sha256').update(main).digest('hex'),
  });
  const folder = patchedKinesisMockFolder();
  const stampPath = join(folder, STAMP_FILE);
  if (existsSync(patchedKinesisMockMain()) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return false;

  const patched = patchKinesisMockSource(main);
  await fillFolderInPlace(folder, (staging) => {
    writeFileSync(join(staging, PATCHED_MAIN), patched);
    copyFileSync(join(source, 'server.json'), join(staging, 'server.json'));
    copyFileSync(join(source, 'LICENSE'), join(staging, 'LICENSE'));
    writeFileSync(join(staging, STAMP_FILE), stamp);
  });
  return true;
}
