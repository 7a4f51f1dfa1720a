/**
 * The outputs a deploy of synthesized templates will give, with placeholders for what only the
 * deploy knows (a generated bucket name, the account): what `npm test` compiles jobs against, so the
 * consistency check sees the names a real deploy would hand compile-jobs.
 */
import { OUTPUT, parseStackOutputs, type DeploymentOutputs } from '../cdk/stack-outputs.js';
import type { TemplateValues } from './template-values.js';

export function synthesizedOutputs(values: TemplateValues): DeploymentOutputs {
  const outputs = Object.fromEntries(Object.values(OUTPUT).flatMap((key) => {
    const value = values.output(key);
    return value === undefined ? [] : [[key, value]];
  }));
  return parseStackOutputs({ synthesized: outputs }, 'the synthesized templates');
}
