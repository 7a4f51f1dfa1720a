import { castNode } from '../ast/cast-node.js';
import { literalNode } from '../ast/literal-node.js';
import { selectNode, type SelectNode } from '../ast/select-node.js';
import { selectionNode } from '../ast/selection-node.js';
import { subqueryNode } from '../ast/subquery-node.js';
import { unionNode, type QueryNode } from '../ast/union-node.js';
import type { Job } from '../dsl/job-kinds.js';
import type { UnionJob, UnionPart } from '../dsl/union-job.js';

/**
 * One part: `SELECT <the union's columns> FROM (<the part's job>) AS part [WHERE ...]`. A computed
 * value is cast to the output column's type: Flink types a literal 'abc' as CHAR(3), and UNION ALL
 * pads shorter CHARs with spaces to the longest. A time column is cast too, so no part passes on a
 * time attribute another part lacks.
 */
function partQuery(job: UnionJob, part: UnionPart, jobName: string, inner: QueryNode): SelectNode {
  const selections = new Map(part.selections);
  return selectNode({
    selections: job.outputColumns.map(([name, { sql: type }]) => {
      if (name === 'feature_set') return selectionNode(literalNode(jobName), name);
      const expression = selections.get(name);
      if (expression === undefined) throw new Error(`union part lacks column '${name}'`); // checked by unionAll
      const { node } = expression;
      const keepsItsType = (node.kind === 'ColumnNode' && expression.type.category !== 'timestamp') || (node.kind === 'CastNode' && node.type === type);
      return selectionNode(keepsItsType ? node : castNode(node, type, 'CAST'), name);
    }),
    from: subqueryNode(inner, 'part'),
    where: part.where?.node,
  });
}

/** `part 1 UNION ALL part 2 ...`, each part over its own job's query (built by `jobQuery`). */
export function unionQuery(job: UnionJob, jobName: string, jobQuery: (part: Job) => QueryNode): QueryNode {
  return unionNode(job.parts.map((part) => partQuery(job, part, jobName, jobQuery(part.job))));
}
