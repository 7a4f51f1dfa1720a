/**
 * Reads synthesized CloudFormation templates the way CloudFormation would resolve them, as far as
 * that is possible without deploying: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`,
 * `Fn::Split` and `Fn::ImportValue` (across the app's stacks) become strings. A value only a deploy
 * creates (a generated bucket name, a secret's ARN suffix, the account) becomes a stable placeholder
 * such as `{{clickstream-data.Artifacts82DD59A1}}` or `{{AccountId}}`, unless the deployed stacks' outputs
 * reveal it (`deployedValues`). Both sides of a comparison go through the same resolver, so a policy's
 * resource and the ARN of the stream a job names meet when they are the same resource.
 *
 * ARN formats are the ones each service documents (Service Authorization Reference, "Resource types").
 */

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: { readonly Name: unknown } }>;
}

export interface StackTemplate {
  readonly stackName: string;
  readonly template: CfnTemplate;
  /** The stack's region (the app's `env`); a template without a literal region resolves AWS::Region to it. */
  readonly region: string;
  readonly account?: string;
}

/** A resource of one of the app's stacks. */
export interface AppResource {
  readonly stack: StackTemplate;
  readonly logicalId: string;
  readonly resource: CfnResource;
}

export class TemplateValues {
  private readonly exports = new Map<string, { stack: StackTemplate; value: unknown }>();

  constructor(
    readonly stacks: readonly StackTemplate[],
    /** Placeholder -> the value a deploy gave it (learned from the deployed stacks' outputs: `learnPlaceholders`). */
    private readonly known: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const stack of stacks) {
      for (const output of Object.values(stack.template.Outputs ?? {})) {
        if (output.Export !== undefined && typeof output.Export.Name === 'string') this.exports.set(output.Export.Name, { stack, value: output.Value });
      }
    }
  }

  /** Every resource of a CloudFormation type, across the stacks. */
  resourcesOfType(type: string): AppResource[] {
    return this.stacks.flatMap((stack) =>
      Object.entries(stack.template.Resources ?? {})
        .filter(([, resource]) => resource.Type === type)
        .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
    );
  }

  resource(stack: StackTemplate, logicalId: string): AppResource | undefined {
    const resource = stack.template.Resources?.[logicalId];
    return resource === undefined ? undefined : { stack, logicalId, resource };
  }

  /** An output's value, resolved in the stack that declares it. */
  output(key: string): string | undefined {
    for (const stack of this.stacks) {
      const output = stack.template.Outputs?.[key];
      if (output !== undefined) return this.resolve(output.Value, stack);
    }
    return undefined;
  }

  /** The resource an output (or any value) refers to with Ref or Fn::GetAtt, following imports. */
  referencedResource(value: unknown, stack: StackTemplate): AppResource | undefined {
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') return this.resource(stack, record.Ref);
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return this.resource(stack, getAtt[0]);
    const imported = record['Fn::ImportValue'];
    if (typeof imported === 'string') {
      const found = this.exports.get(imported);
      return found === undefined ? undefined : this.referencedResource(found.value, found.stack);
    }
    return undefined;
  }

  outputResource(key: string): AppResource | undefined {
    for (const stack of this.stacks) {
      const output = stack.template.Outputs?.[key];
      if (output !== undefined) return this.referencedResource(output.Value, stack);
    }
    return undefined;
  }

  private placeholder(stack: StackTemplate, name: string): string {
    return `{{${stack.stackName}.${name}}}`;
  }

  private pseudo(name: string, stack: StackTemplate): string {
    switch (name) {
      case 'AWS::Region':
        return stack.region;
      case 'AWS::AccountId':
        return stack.account ?? '{{AccountId}}';
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stack.stackName;
      default:
        return `{{${name.replace('AWS::', '')}}}`;
    }
  }

  /** What `Ref` returns for a resource (CloudFormation resource reference, "Return values"). */
  ref(target: AppResource): string {
    return this.substitute(this.rawRef(target));
  }

  private rawRef(target: AppResource): string {
    const properties = target.resource.Properties ?? {};
    const named = (key: string) => (properties[key] === undefined ? undefined : this.resolve(properties[key], target.stack));
    switch (target.resource.Type) {
      case 'AWS::Kinesis::Stream':
        return named('Name') ?? this.placeholder(target.stack, target.logicalId);
      case 'AWS::S3::Bucket':
        return named('BucketName') ?? this.placeholder(target.stack, target.logicalId).toLowerCase();
      case 'AWS::IAM::Role':
        return named('RoleName') ?? this.placeholder(target.stack, target.logicalId);
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName') ?? this.placeholder(target.stack, target.logicalId);
      case 'AWS::Logs::LogStream':
        return named('LogStreamName') ?? this.placeholder(target.stack, target.logicalId);
      case 'AWS::SecretsManager::Secret':
        // Ref of a secret is its ARN, which ends in a random suffix only the deploy knows.
        return `arn:aws:secretsmanager:${this.pseudo('AWS::Region', target.stack)}:${this.pseudo('AWS::AccountId', target.stack)}:secret:${this.placeholder(target.stack, target.logicalId)}`;
      case 'AWS::SQS::Queue':
        // Ref of a queue is its URL (AWS::SQS::Queue, "Return values"): https://sqs.<region>.amazonaws.com/<account>/<QueueName>.
        return `https://sqs.${this.pseudo('AWS::Region', target.stack)}.${this.pseudo('AWS::URLSuffix', target.stack)}/${this.pseudo('AWS::AccountId', target.stack)}/${this.queueName(target)}`;
      default:
        return this.placeholder(target.stack, target.logicalId);
    }
  }

  /** A queue's name: its QueueName, or the one CloudFormation generates (a placeholder until the deploy reveals it). */
  private queueName(target: AppResource): string {
    const name = target.resource.Properties?.QueueName;
    return name === undefined ? this.placeholder(target.stack, target.logicalId) : this.resolve(name, target.stack);
  }

  /** What `Fn::GetAtt` returns; `Arn` is built from the documented ARN format of the resource type. */
  getAtt(target: AppResource, attribute: string): string {
    return this.substitute(this.rawGetAtt(target, attribute));
  }

  private rawGetAtt(target: AppResource, attribute: string): string {
    const region = this.pseudo('AWS::Region', target.stack);
    const account = this.pseudo('AWS::AccountId', target.stack);
    if (attribute === 'Arn') {
      const ref = this.ref(target);
      switch (target.resource.Type) {
        case 'AWS::Kinesis::Stream':
          return `arn:aws:kinesis:${region}:${account}:stream/${ref}`;
        case 'AWS::S3::Bucket':
          return `arn:aws:s3:::${ref}`;
        case 'AWS::IAM::Role':
          return `arn:aws:iam::${account}:role/${ref}`;
        case 'AWS::Logs::LogGroup':
          return `arn:aws:logs:${region}:${account}:log-group:${ref}:*`;
        case 'AWS::KMS::Key':
          return `arn:aws:kms:${region}:${account}:key/${ref}`;
        case 'AWS::SecretsManager::Secret':
          return ref;
        case 'AWS::SQS::Queue':
          // AWS::SQS::Queue, "Return values": Fn::GetAtt Arn is arn:aws:sqs:<region>:<account>:<QueueName>.
          return `arn:aws:sqs:${region}:${account}:${this.queueName(target)}`;
        default:
          break;
      }
    }
    if (target.resource.Type === 'AWS::SQS::Queue' && attribute === 'QueueName') return this.queueName(target);
    if (target.resource.Type === 'AWS::SQS::Queue' && attribute === 'QueueUrl') return this.ref(target);
    return this.placeholder(target.stack, `${target.logicalId}.${attribute}`);
  }

  /** Placeholders the deploy's values are known for, replaced by them. */
  private substitute(text: string): string {
    return this.known.size === 0 ? text : text.replace(/\{\{[^}]+\}\}/g, (placeholder) => this.known.get(placeholder) ?? placeholder);
  }

  /** A template value as a string; what cannot be known before a deploy becomes a placeholder. */
  resolve(value: unknown, stack: StackTemplate): string {
    return this.substitute(this.rawResolve(value, stack));
  }

  private rawResolve(value: unknown, stack: StackTemplate): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'object' || value === null) return '{{null}}';
    const record = value as Record<string, unknown>;
    if (typeof record.Ref === 'string') {
      if (record.Ref.startsWith('AWS::')) return this.pseudo(record.Ref, stack);
      const target = this.resource(stack, record.Ref);
      return target === undefined ? this.placeholder(stack, record.Ref) : this.ref(target);
    }
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
      const target = this.resource(stack, getAtt[0]);
      const attribute = typeof getAtt[1] === 'string' ? getAtt[1] : this.resolve(getAtt[1], stack);
      return target === undefined ? this.placeholder(stack, `${getAtt[0]}.${attribute}`) : this.getAtt(target, attribute);
    }
    const join = record['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) return join[1].map((part) => this.resolve(part, stack)).join(join[0]);
    const imported = record['Fn::ImportValue'];
    if (imported !== undefined) {
      const name = this.resolve(imported, stack);
      const found = this.exports.get(name);
      return found === undefined ? `{{import ${name}}}` : this.resolve(found.value, found.stack);
    }
    const select = record['Fn::Select'];
    if (Array.isArray(select)) {
      const list = this.resolveList(select[1], stack);
      return list[Number(this.resolve(select[0], stack))] ?? '{{select}}';
    }
    const sub = record['Fn::Sub'];
    if (typeof sub === 'string' || Array.isArray(sub)) {
      const [text, variables] = typeof sub === 'string' ? [sub, {}] : [String(sub[0]), (sub[1] ?? {}) as Record<string, unknown>];
      return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
        if (name in variables) return this.resolve(variables[name], stack);
        const [logicalId, attribute] = name.split('.');
        if (attribute !== undefined) return this.resolve({ 'Fn::GetAtt': [logicalId, attribute] }, stack);
        return this.resolve({ Ref: name }, stack);
      });
    }
    return `{{${Object.keys(record).join(',')}}}`;
  }

  /** A value that is a list (an array, or Fn::Split / Fn::GetAZs), resolved item by item. */
  resolveList(value: unknown, stack: StackTemplate): string[] {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, stack));
    if (typeof value === 'object' && value !== null) {
      const split = (value as Record<string, unknown>)['Fn::Split'];
      if (Array.isArray(split) && typeof split[0] === 'string') return this.resolve(split[1], stack).split(split[0]);
    }
    return [this.resolve(value, stack)];
  }
}

/**
 * What a deploy gave the placeholders in `synthesized`, read off the value the deploy reported
 * for it (a stack output): `s3://{{data.Artifacts}}/x` against `s3://data-artifacts-1ab2/x` learns
 * `{{data.Artifacts}}` = `data-artifacts-1ab2`. Nothing is learned when the two do not line up.
 */
export function learnPlaceholders(synthesized: string, deployed: string): Map<string, string> {
  const names: string[] = [];
  const pattern = synthesized
    .split(/(\{\{[^}]+\}\})/)
    .map((part) => {
      if (/^\{\{[^}]+\}\}$/.test(part)) {
        names.push(part);
        return '(.+?)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const match = new RegExp(`^${pattern}$`).exec(deployed);
  const learned = new Map<string, string>();
  if (match === null) return learned;
  names.forEach((name, index) => {
    const value = match[index + 1];
    if (value !== undefined) learned.set(name, value);
  });
  return learned;
}

/** The templates' values with every placeholder the deployed outputs reveal replaced by its value. */
export function deployedValues(stacks: readonly StackTemplate[], deployedOutputs: Readonly<Record<string, string>>): TemplateValues {
  const synthesized = new TemplateValues(stacks);
  const known = new Map<string, string>();
  for (const [key, deployed] of Object.entries(deployedOutputs)) {
    const value = synthesized.output(key);
    if (value !== undefined) for (const [name, learned] of learnPlaceholders(value, deployed)) known.set(name, learned);
  }
  return new TemplateValues(stacks, known);
}
