/**
 * Rotates the cache user's password (Secrets Manager's four-step rotation contract): a new password
 * in a pending secret version, then on the ElastiCache user beside the current one (a user may hold
 * two), a test connection with it, then the pending version made current. Readers (the Flink runner's
 * `redis` tables, the enricher) read the secret again when they reconnect or are refused, and the old
 * password stays valid on the user until the next rotation, so no reader is locked out in between.
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  UpdateSecretVersionStageCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { DescribeUsersCommand, ModifyUserCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { InfraError } from '../infra-error.js';
import { formatZodIssues } from '../../common/zod-issues.js';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationEvent {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: RotationStep;
}

const cacheSecretSchema = z.looseObject({ username: z.string().min(1), password: z.string().min(1) });
export type CacheSecret = z.infer<typeof cacheSecretSchema>;

export interface RotationDependencies {
  readonly secrets: SecretsManagerClient;
  readonly elasticache: ElastiCacheClient;
  /** The ElastiCache user id whose passwords rotate (the CDK app's `<name>-pipeline`). */
  readonly userId: string;
  /** Opens a connection as `secret`'s user, runs PING and closes it; throws when refused. */
  readonly ping: (secret: CacheSecret) => Promise<void>;
  /** How long setSecret waits for the user to become active again. */
  readonly userActiveTimeoutMs?: number;
}

export class RotationError extends InfraError {
  override readonly name = 'RotationError';
}

async function secretVersion(secrets: SecretsManagerClient, secretId: string, stage: 'AWSCURRENT' | 'AWSPENDING', token?: string): Promise<CacheSecret> {
  const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, ...(token === undefined ? {} : { VersionId: token }) }));
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? '');
  } catch {
    throw new RotationError(`secret ${secretId} (${stage}) is not JSON {"username", "password"}`);
  }
  const parsed = cacheSecretSchema.safeParse(json);
  if (!parsed.success) throw new RotationError(`secret ${secretId} (${stage}) must be JSON {"username", "password"}: ${formatZodIssues(parsed.error.issues, '')}`);
  return parsed.data;
}

async function createSecret(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const current = await secretVersion(deps.secrets, event.SecretId, 'AWSCURRENT');
  try {
    await secretVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken);
    return; // A retried step: the pending version exists already.
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  // Letters and digits only, as the CDK app generates it: no character needs escaping in a Redis URL or ACL.
  const { RandomPassword } = await deps.secrets.send(new GetRandomPasswordCommand({ PasswordLength: 32, ExcludePunctuation: true }));
  if (RandomPassword === undefined) throw new RotationError('GetRandomPassword returned no password');
  await deps.secrets.send(
    new PutSecretValueCommand({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: JSON.stringify({ ...current, password: RandomPassword }), VersionStages: ['AWSPENDING'] }),
  );
}

async function waitUntilActive(deps: RotationDependencies): Promise<void> {
  const deadline = Date.now() + (deps.userActiveTimeoutMs ?? 120_000);
  for (;;) {
    const { Users = [] } = await deps.elasticache.send(new DescribeUsersCommand({ UserId: deps.userId }));
    const status = Users[0]?.Status;
    if (status === 'active') return;
    if (Date.now() > deadline) throw new RotationError(`ElastiCache user ${deps.userId} is still ${String(status)} after the password change`);
    await sleep(2_000);
  }
}

async function setSecret(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const current = await secretVersion(deps.secrets, event.SecretId, 'AWSCURRENT');
  const pending = await secretVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken);
  // Both passwords valid while readers move over; the older one of the two goes at the next rotation.
  await deps.elasticache.send(new ModifyUserCommand({ UserId: deps.userId, AuthenticationMode: { Type: 'password', Passwords: [current.password, pending.password] } }));
  await waitUntilActive(deps);
}

async function testSecret(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const pending = await secretVersion(deps.secrets, event.SecretId, 'AWSPENDING', event.ClientRequestToken);
  try {
    await deps.ping(pending);
  } catch (error) {
    throw new RotationError(`the cache refused the pending password of ${pending.username}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function finishSecret(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const { VersionIdsToStages = {} } = await deps.secrets.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  const currentVersion = Object.entries(VersionIdsToStages).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  await deps.secrets.send(
    new UpdateSecretVersionStageCommand({ SecretId: event.SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: event.ClientRequestToken, ...(currentVersion === undefined ? {} : { RemoveFromVersionId: currentVersion }) }),
  );
}

/** One step of a rotation; each is safe to run again (Secrets Manager retries a failed step). */
export async function rotate(event: RotationEvent, deps: RotationDependencies): Promise<void> {
  const { VersionIdsToStages = {} } = await deps.secrets.send(new DescribeSecretCommand({ SecretId: event.SecretId }));
  const stages = VersionIdsToStages[event.ClientRequestToken];
  // Secrets Manager registers the new version (staged AWSPENDING, no value yet) before createSecret,
  // which gives it its value; every later step needs it.
  if (stages === undefined) {
    if (event.Step === 'createSecret') return createSecret(event, deps);
    throw new RotationError(`secret ${event.SecretId} has no version ${event.ClientRequestToken} to rotate to`);
  }
  if (stages.includes('AWSCURRENT')) return; // Already rotated: a retried step.
  if (!stages.includes('AWSPENDING')) throw new RotationError(`version ${event.ClientRequestToken} of secret ${event.SecretId} is not pending rotation`);
  const steps: Record<RotationStep, (event: RotationEvent, deps: RotationDependencies) => Promise<void>> = { createSecret, setSecret, testSecret, finishSecret };
  await steps[event.Step](event, deps);
}
