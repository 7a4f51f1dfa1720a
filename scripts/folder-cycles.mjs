/**
 * npm run lint:layers: one dependency-cruiser pass over the layers' folders (scripts/folder-layers.json) that
 * reports the violations of its rules (.dependency-cruiser.cjs: no upward arrow between top-level folders, no
 * runtime cycle between modules) and then what those rules do not see: a cycle between folders at any depth
 * (infra/cdk <-> infra/deploy-jobs, say). In the graph an import of a folder's own ancestor or descendant
 * (an index re-exporting its subfolder, a subfolder using its parent's errors) is not an arrow between folders,
 * and neither is an `import type` (gone from the JavaScript). Exits 1 naming each violation, each cycle and an
 * import on each arrow.
 *
 *   node scripts/folder-cycles.mjs [folder ...]     (run from the root of the graph; default: every layer's folders)
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const { layers } = JSON.parse(readFileSync(join(repoRoot, 'scripts/folder-layers.json'), 'utf8'));
const folders = process.argv.length > 2 ? process.argv.slice(2) : layers.flat();
const cruise = spawnSync(join(repoRoot, 'node_modules/.bin/depcruise'), [...folders, '--config', join(repoRoot, '.dependency-cruiser.cjs'), '--output-type', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
if (cruise.status !== 0 && cruise.stdout === '') {
  console.error(`folder-cycles: dependency-cruiser failed: ${cruise.stderr}`);
  process.exit(1);
}
const { modules, summary } = JSON.parse(cruise.stdout);

const folderOf = (path) => dirname(path);
const related = (a, b) => `${a}/`.startsWith(`${b}/`) || `${b}/`.startsWith(`${a}/`);
/** folder -> folder -> one import that makes the arrow */
const arrows = new Map();
for (const module of modules) {
  for (const dependency of module.dependencies) {
    if (dependency.coreModule || dependency.couldNotResolve || dependency.resolved.includes('node_modules/')) continue;
    if (dependency.dependencyTypes.includes('type-only')) continue;
    const from = folderOf(module.source);
    const to = folderOf(dependency.resolved);
    if (from === to || related(from, to)) continue;
    if (!arrows.has(from)) arrows.set(from, new Map());
    if (!arrows.get(from).has(to)) arrows.get(from).set(to, `${module.source} -> ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: a component of more than one folder is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let next = 0;
function visit(folder) {
  index.set(folder, next);
  low.set(folder, next);
  next += 1;
  stack.push(folder);
  onStack.add(folder);
  for (const to of arrows.get(folder)?.keys() ?? []) {
    if (!index.has(to)) {
      visit(to);
      low.set(folder, Math.min(low.get(folder), low.get(to)));
    } else if (onStack.has(to)) low.set(folder, Math.min(low.get(folder), index.get(to)));
  }
  if (low.get(folder) === index.get(folder)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== folder);
    if (component.length > 1) cycles.push(component.sort());
  }
}
for (const folder of arrows.keys()) if (!index.has(folder)) visit(folder);

if (cycles.length === 0) {
  console.log(`✔ no cycle between folders (${String(arrows.size)} folders with arrows)`);
} else {
  for (const cycle of cycles) {
    console.error(`error folder-cycle: ${cycle.join(' <-> ')}`);
    for (const from of cycle) for (const [to, example] of arrows.get(from) ?? []) if (cycle.includes(to)) console.error(`    ${from} -> ${to}: ${example}`);
  }
  console.error(`\n${String(cycles.length)} cycle(s) between folders: move what both folders need into one of them, or into a folder below both`);
}
// The rules' violations, as dependency-cruiser's own `err` report words them.
for (const violation of summary.violations) console.error(`error ${violation.rule.name}: ${[violation.from, ...(violation.cycle?.map((step) => step.name ?? step) ?? [violation.to])].join(' → ')}`);
if (summary.violations.length === 0) console.log(`✔ no dependency violations found (${String(summary.totalCruised)} modules, ${String(summary.totalDependenciesCruised)} dependencies cruised)`);
if (cycles.length > 0 || summary.violations.length > 0) process.exit(1);
