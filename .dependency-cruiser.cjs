/**
 * The folders' layers, checked by `npm run lint` (docs/architecture.md explains them). A folder imports only
 * folders below it, so the graph between folders has no cycles and no arrow that runs back up:
 *
 *   local/ bench/ test/ scripts/       the harness on top: start services, measure, test
 *   infra/                             AWS control planes: CDK, deploy-jobs, compile-jobs' AWS lookups, capacity
 *   job-test-kit/                      runs a job's SQL over test events on the runner (jobs/*.test.ts use it)
 *   runner/                            the Java Flink runner and the TypeScript that builds and starts it
 *   enricher/                          the Lambda (imports job definitions as types only: no DSL in its bundle)
 *   model/                             the reference ML API and its features
 *   clickstream-generator/             the synthetic clickstream
 *   producer/                          Elasticsearch -> Kinesis
 *   jobs/                              job definitions
 *   sql/                               the DSL and compiler (no AWS SDK)
 *   common/                            cross-cutting helpers every layer may use
 *
 * eslint's no-restricted-imports (eslint.config.js) names the same rule at the import that breaks it.
 */
const { layers: LAYERS } = require('./scripts/folder-layers.json');

const folders = (layers) => `^(${layers.flat().join('|')})/`;

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer.join('-')}`,
  comment: `${layer.join(', ')}/ may import only ${LAYERS.slice(0, index).flat().join(', ') || 'no other folder'} (and itself): ${LAYERS.slice(index + 1).flat().join(', ')} sit above it`,
  severity: 'error',
  // Job tests and their fixtures (jobs/*.test.ts) sit beside their jobs but belong to the test layer on top.
  from: { path: folders([layer]), pathNot: '\\.(test|fixture)\\.ts$' },
  to: { path: folders(LAYERS.slice(index + 1)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'modules import each other in a circle: one of them holds what both need, or the cycle is a missing module',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'sql-without-aws',
      comment: 'sql/ compiles jobs; it makes no AWS calls (infra/ does)',
      severity: 'error',
      from: { path: '^sql/' },
      to: { path: '@aws-sdk/|aws-cdk-lib|@smithy/' },
    },
    {
      name: 'enricher-imports-jobs-as-types',
      comment: 'the enricher Lambda imports job definitions and the DSL as types only, so its bundle holds no DSL',
      severity: 'error',
      from: { path: '^enricher/' },
      to: { path: '^(jobs|sql)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|cdk\\.out|\\.cache|runner/(src|target)|bench/results|test/fixtures/boundaries)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'] },
  },
};
