/**
 * Whether an IAM role of the app may perform an action on a resource, by IAM's own evaluation
 * rules applied to the identity policies the templates attach to it (IAM User Guide, "Policy
 * evaluation logic"): an explicit Deny wins, otherwise an Allow whose Action and Resource match is
 * needed. Actions match case-insensitively and resources case-sensitively, `*` and `?` as wildcards
 * ("IAM JSON policy elements: Action / Resource"). Conditions are not evaluated (a conditional Allow
 * counts as allowing) and managed policies are not read: this proves what the app's own policies
 * grant, and a role that relies on a managed policy for a job's resource is reported as lacking it.
 */
import type { AppResource, StackTemplate, TemplateValues } from './template-values.js';

interface Statement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function wildcard(pattern: string, flags: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, flags);
}

function matchesAny(patterns: readonly string[], value: string, flags: string): boolean {
  return patterns.some((pattern) => wildcard(pattern, flags).test(value));
}

export class RoleGrants {
  private readonly statements: Statement[];
  /** The role's name as its `Ref` resolves. */
  readonly roleName: string;

  constructor(
    private readonly values: TemplateValues,
    readonly role: AppResource,
  ) {
    this.roleName = values.ref(role);
    this.statements = [...this.inlineStatements(), ...this.attachedStatements()];
  }

  private document(document: unknown, stack: StackTemplate): Statement[] {
    const statements = asList((document as { Statement?: unknown } | undefined)?.Statement);
    return statements.flatMap((raw) => {
      const statement = raw as { Effect?: unknown; Action?: unknown; Resource?: unknown };
      if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return [];
      return [
        {
          effect: statement.Effect,
          actions: asList(statement.Action).map((action) => this.values.resolve(action, stack)),
          resources: asList(statement.Resource).flatMap((resource) => this.values.resolveList(resource, stack)),
        },
      ];
    });
  }

  private inlineStatements(): Statement[] {
    const policies = asList(this.role.resource.Properties?.Policies) as { PolicyDocument?: unknown }[];
    return policies.flatMap((policy) => this.document(policy.PolicyDocument, this.role.stack));
  }

  /** AWS::IAM::Policy resources in any stack whose Roles name this role. */
  private attachedStatements(): Statement[] {
    return this.values.resourcesOfType('AWS::IAM::Policy').flatMap(({ stack, resource }) => {
      const roles = asList(resource.Properties?.Roles).map((role) => this.values.resolve(role, stack));
      return roles.includes(this.roleName) ? this.document(resource.Properties?.PolicyDocument, stack) : [];
    });
  }

  /** Whether `action` on `resourceArn` is allowed: an Allow matches and no Deny does. */
  allows(action: string, resourceArn: string): boolean {
    const matching = this.statements.filter((statement) => matchesAny(statement.actions, action, 'i') && matchesAny(statement.resources, resourceArn, ''));
    return matching.some((statement) => statement.effect === 'Allow') && !matching.some((statement) => statement.effect === 'Deny');
  }

  /** Of `actions` on `resourceArn`, the ones the role may not perform. */
  missing(actions: readonly string[], resourceArn: string): string[] {
    return actions.filter((action) => !this.allows(action, resourceArn));
  }

  /** Whether the role trusts `service` (e.g. kinesisanalytics.amazonaws.com) to assume it. */
  trusts(service: string): boolean {
    const statements = asList((this.role.resource.Properties?.AssumeRolePolicyDocument as { Statement?: unknown } | undefined)?.Statement) as {
      Effect?: unknown;
      Action?: unknown;
      Principal?: { Service?: unknown };
    }[];
    return statements.some(
      (statement) =>
        statement.Effect === 'Allow' &&
        asList(statement.Action).includes('sts:AssumeRole') &&
        asList(statement.Principal?.Service).some((principal) => this.values.resolve(principal, this.role.stack) === service),
    );
  }
}
