// Type-aware linting: the rules that matter most here are the promise rules, because
// services and tests are full of async work whose failures must not vanish.
import { readFileSync } from 'node:fs';
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The folders' layers (scripts/folder-layers.json, docs/architecture.md): an import that runs up a layer fails
 * here, at the line, naming the rule; .dependency-cruiser.cjs checks the same over the whole graph. For a file
 * `depth` folders down, a folder at the top is `../` that many times, so each depth gets its own pattern.
 */
const { layers, typeOnly } = JSON.parse(readFileSync(new URL('./scripts/folder-layers.json', import.meta.url), 'utf8'));

function layerRules() {
  const blocks = [];
  layers.forEach((layer, index) => {
    const above = layers.slice(index + 1).flat();
    if (above.length === 0) return;
    for (const folder of layer) {
      for (let depth = 1; depth <= 5; depth += 1) {
        const up = '\\.\\./'.repeat(depth);
        const patterns = [{ regex: `^${up}(${above.join('|')})/`, message: `${folder}/ sits below ${above.join(', ')}/ (scripts/folder-layers.json): move what both need down, to a lower folder such as common/` }];
        const typesOnly = typeOnly[folder] ?? [];
        if (typesOnly.length > 0) patterns.push({ regex: `^${up}(${typesOnly.join('|')})/`, allowTypeImports: true, message: `${folder}/ imports ${typesOnly.join(', ')}/ as types only (import type): its bundle holds no job definition or DSL` });
        if (folder === 'sql') patterns.push({ regex: '^(@aws-sdk|@smithy|aws-cdk-lib)(/|$)', message: 'sql/ makes no AWS calls: infra/ does' });
        // Job tests and their fixtures sit beside their jobs but belong to the test layer on top.
        blocks.push({ files: [`${folder}/${'*/'.repeat(depth - 1)}*.ts`], ignores: ['**/*.test.ts', '**/*.fixture.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } });
      }
    }
  });
  return blocks;
}

export default tseslint.config(
  { ignores: ['cdk.out/', 'node_modules/**', '.cache/**', 'build/**', 'reports/**', 'runner/src/**', 'runner/target/**', 'bench/results/**', 'test/fixtures/boundaries/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.cjs', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layerRules(),
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // dependency-cruiser reads its configuration as CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
