/**
 * The templates of a synthesized CDK app (the cdk.out folder `npm run synth` writes and
 * `cdk deploy --app cdk.out` deploys), read with the CDK's own cloud assembly reader.
 */
import { existsSync } from 'node:fs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { CfnTemplate, StackTemplate } from './template-values.js';
import { InfraError } from '../infra-error.js';

export class CloudAssemblyError extends InfraError {
  override readonly name = 'CloudAssemblyError';
}

export function readCloudAssembly(folder: string): StackTemplate[] {
  if (!existsSync(folder)) throw new CloudAssemblyError(`no synthesized CDK app at ${folder}: run npm run synth (the templates cdk deploy deployed) or pass --cdk-out DIR`);
  const assembly = new CloudAssembly(folder);
  return assembly.stacks.map((stack) => ({
    stackName: stack.stackName,
    template: stack.template as CfnTemplate,
    region: stack.environment.region,
    ...(stack.environment.account === 'unknown-account' ? {} : { account: stack.environment.account }),
  }));
}
