import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { patchKinesisMockSource } from '../../../local/services/kinesis-mock-patch.js';
import { ServiceInstallError } from '../../../local/services/service-errors.js';

const packagedMain = readFileSync(createRequire(import.meta.url).resolve('kinesis-local/main.js'), 'utf8');

describe('patchKinesisMockSource', () => {
  it("groups PutRecords entries by shard and searches GetRecords' position from the end in the installed kinesis-mock build, and changes nothing else", () => {
    // Act
    const patched = patchKinesisMockSource(packagedMain);

    // Assess: the (shard, every record of the shard) key and the search from the first record are
    // gone; the rest of the file is as it was.
    expect(patched).not.toContain('var key = $ct_T2__O__O__(new $c_T2(), elem.ev, elem.e2);');
    expect(patched).toContain('var key = elem.ev;');
    expect(patched).not.toContain('var dropped = this$25.f0(0);');
    expect(patched).toContain('var x$6 = data.R(i).lh;');
    expect(Math.abs(patched.length - packagedMain.length)).toBeLessThan(600);
    const lastEdit = Math.max(packagedMain.indexOf('var elem$1___2 = x28.n().w1('), packagedMain.indexOf('var dropped = this$25.f0(0);'));
    const unchangedTail = packagedMain.slice(lastEdit + 600);
    expect(patched.endsWith(unchangedTail)).toBe(true);
    const unchangedHead = packagedMain.slice(0, Math.min(packagedMain.indexOf('var m = $m_scm_Map$().aE();'), packagedMain.indexOf('var this$25 = data.q();')));
    expect(patched.startsWith(unchangedHead)).toBe(true);
  });

  it('refuses a build it was not written for, naming the edit that does not fit', () => {
    // Prepare: a build whose groupBy key reads differently.
    const otherBuild = packagedMain.replace('var key = $ct_T2__O__O__(new $c_T2(), elem.ev, elem.e2);', 'var key = somethingElse;');

    // Act / Assess
    expect(() => patchKinesisMockSource(otherBuild)).toThrow(ServiceInstallError);
    expect(() => patchKinesisMockSource(otherBuild)).toThrow(/"group entries by their shard.*" matched 0 times instead of once/);
  });

  it('refuses to patch a file twice (an edit must match exactly once)', () => {
    // Act / Assess
    expect(() => patchKinesisMockSource(patchKinesisMockSource(packagedMain))).toThrow(/matched 0 times/);
  });
});
