/**
 * The folders' layers (scripts/folder-layers.json) are enforced by `npm run lint`: eslint at the import, and
 * dependency-cruiser over the whole graph. These tests show each refuses a wrong-way import and lets a right one by.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../common/repo-paths.js';

/** Every folder of the layers, as npm run lint:layers cruises them. */
const LAYER_FOLDERS = (JSON.parse(readFileSync(join(REPO_ROOT, 'scripts/folder-layers.json'), 'utf8')) as { layers: string[][] }).layers.flat();

/** The project's own eslint config, with type information off: the fixtures are not files of the TypeScript project. */
function projectEslint(): ESLint {
  return new ESLint({ cwd: REPO_ROOT, overrideConfig: [tseslint.configs.disableTypeChecked, { languageOptions: { parserOptions: { projectService: false } } }] });
}

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await projectEslint().lintText(code, { filePath: join(REPO_ROOT, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports').map((message) => `${String(message.line)}: ${message.message}`);
}

describe('the folder layers', () => {
  it('eslint refuses an import up a layer, a value import of jobs/ in the enricher and the AWS SDK in sql/, naming the rule', async () => {
    // Act
    const fromSql = await restrictedImports('sql/compiler/wrong-way.ts', "import { OUTPUT } from '../../infra/cdk/stack-outputs.js';\nimport { KinesisClient } from '@aws-sdk/client-kinesis';\nexport const used = [OUTPUT, KinesisClient];\n");
    const fromEnricher = await restrictedImports('enricher/wrong-way.ts', "import { zipCodes } from '../jobs/sources.js';\nexport const used = zipCodes;\n");
    const fromProducer = await restrictedImports('producer/wrong-way.ts', "import { readDaemonState } from '../local/services/daemon-state.js';\nexport const used = readDaemonState;\n");

    // Assess
    expect(fromSql).toEqual([expect.stringMatching(/^1: .*sql\/ sits below .*infra.*common\//), expect.stringMatching(/^2: .*sql\/ makes no AWS calls/)]);
    expect(fromEnricher).toEqual([expect.stringMatching(/^1: .*enricher\/ imports jobs, sql\/ as types only/)]);
    expect(fromProducer).toEqual([expect.stringMatching(/^1: .*producer\/ sits below .*local/)]);
  });

  it('eslint lets an import down a layer and a type-only import of jobs/ in the enricher by', async () => {
    // Act
    const fromSql = await restrictedImports('sql/compiler/right-way.ts', "import { REPO_ROOT } from '../../common/repo-paths.js';\nexport const used = REPO_ROOT;\n");
    const fromEnricher = await restrictedImports('enricher/right-way.ts', "import type { Output } from '../jobs/user-activity.js';\nexport type Used = Output;\n");
    const fromLocal = await restrictedImports('local/right-way.ts', "import { zipCodes } from '../jobs/sources.js';\nimport { OUTPUT } from '../infra/cdk/stack-outputs.js';\nexport const used = [zipCodes, OUTPUT];\n");

    // Assess
    expect({ fromSql, fromEnricher, fromLocal }).toEqual({ fromSql: [], fromEnricher: [], fromLocal: [] });
  });

  it('dependency-cruiser fails on the fixture graph (an arrow up from sql/ to infra/, a runtime cycle) and passes the repository', () => {
    // Act: its default report, as `npm run lint:layers` prints it and exits.
    const cruise = (cwd: string, folders: readonly string[]) => spawnSync(join(REPO_ROOT, 'node_modules/.bin/depcruise'), [...folders, '--config', join(REPO_ROOT, '.dependency-cruiser.cjs')], { cwd, encoding: 'utf8' });
    const fixture = cruise(join(REPO_ROOT, 'test/fixtures/boundaries'), ['sql', 'infra', 'common']);
    const repository = cruise(REPO_ROOT, LAYER_FOLDERS);
    const errors = (output: string) => output.split('\n').filter((line) => line.trimStart().startsWith('error ')).map((line) => line.trim());

    // Assess
    expect(errors(fixture.stdout)).toEqual(['error no-upward-from-sql: sql/compiler.ts → infra/stack.ts', 'error no-circular: common/first.ts →']);
    expect(fixture.status).not.toBe(0);
    expect(errors(repository.stdout)).toEqual([]);
    expect(repository.status).toBe(0);
  });

  it('the folder-cycle check fails on two folders that import each other (no two modules in a cycle) and passes the repository', () => {
    // Act
    const check = (cwd: string, folders: readonly string[]) => spawnSync('node', [join(REPO_ROOT, 'scripts/folder-cycles.mjs'), ...folders], { cwd, encoding: 'utf8' });
    const fixture = check(join(REPO_ROOT, 'test/fixtures/boundaries'), ['sql', 'infra', 'common']);
    const repository = check(REPO_ROOT, []);

    // Assess
    expect(fixture.stderr).toContain('error folder-cycle: infra/cdk <-> infra/deploy');
    expect(fixture.stderr).toContain('infra/deploy -> infra/cdk: infra/deploy/deployer.ts -> infra/cdk/names.ts');
    expect(fixture.status).toBe(1);
    expect(repository.stdout).toMatch(/^✔ no cycle between folders/);
    expect(repository.status).toBe(0);
  });
});
