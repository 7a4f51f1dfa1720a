/**
 * Rotating the cache user's password, step by step as Secrets Manager drives the rotation Lambda,
 * against the local Secrets Manager (moto) and a real redis-server whose only user is `pipeline` (the
 * default user off, as on the CDK app's Valkey). ElastiCache's control plane has no local emulator:
 * its ModifyUser is stood in for by aws-sdk-client-mock applying the same passwords to the real
 * server with ACL SETUSER, so the test connection of testSecret meets a real password check.
 */
import { DescribeUsersCommand, ElastiCacheClient, ModifyUserCommand } from '@aws-sdk/client-elasticache';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { Redis } from 'ioredis';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pingCache } from '../../infra/cache-rotation/handler.js';
import { rotate, type CacheSecret, type RotationStep } from '../../infra/cache-rotation/rotation-steps.js';
import { freeLoopbackPort } from '../../local/services/free-port.js';
import { localSecretsManagerClient } from '../../common/aws-clients.js';
import type { ManagedProcess } from '../../common/process/managed-process.js';
import { startOwnRedis } from '../support/own-redis-server.js';
import { uniqueName } from '../support/unique-name.js';

describe('cache password rotation (local Secrets Manager, real redis-server with ACL users)', () => {
  const services = inject('services');
  const secrets = localSecretsManagerClient(services.secretsmanager);
  const elasticache = mockClient(ElastiCacheClient);
  const first: CacheSecret = { username: 'pipeline', password: 'the-first-password' };
  const admin = { username: 'admin', password: 'admin-password' };
  let redis: ManagedProcess;
  let url = '';

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    url = `redis://127.0.0.1:${String(port)}`;
    redis = await startOwnRedis(port, mkdtempSync(join(tmpdir(), 'cache-rotation-')), {
      args: ['--user', 'admin', 'on', `>${admin.password}`, '~*', '+@all', '--user', 'pipeline', 'on', `>${first.password}`, '~*', '-@all', '+@read', '+@connection', '--user', 'default', 'off'],
      auth: admin,
    });
    // ModifyUser as ElastiCache applies it: the user's passwords become exactly the given ones.
    elasticache.on(ModifyUserCommand).callsFake(async (input: { UserId: string; AuthenticationMode: { Passwords: string[] } }) => {
      const connection = new Redis(url, admin);
      await connection.call('ACL', 'SETUSER', 'pipeline', 'resetpass', ...input.AuthenticationMode.Passwords.map((password) => `>${password}`));
      connection.disconnect();
      return { UserId: input.UserId, Status: 'modifying' };
    });
    elasticache.on(DescribeUsersCommand).resolves({ Users: [{ UserId: 'clickstream-pipeline', Status: 'active' }] });
  });

  afterAll(async () => {
    secrets.destroy();
    elasticache.restore();
    await redis.stop(2_000);
  });

  /**
   * What Secrets Manager does on a rotation: each step in turn with one new version id, then AWSPENDING
   * taken off the finished version. (moto's RotateSecret cannot call a Lambda here, so the test is the caller.)
   */
  const rotation = async (secretId: string) => {
    const token = randomUUID();
    const deps = { secrets, elasticache: new ElastiCacheClient({ region: 'us-east-1' }), userId: 'clickstream-pipeline', ping: (secret: CacheSecret) => pingCache(url, secret), userActiveTimeoutMs: 1_000 };
    for (const step of ['createSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret', 'finishSecret'] as RotationStep[]) {
      // Each step twice where Secrets Manager may retry it: running again changes nothing.
      await rotate({ SecretId: secretId, ClientRequestToken: token, Step: step }, deps);
    }
    await secrets.send(new UpdateSecretVersionStageCommand({ SecretId: secretId, VersionStage: 'AWSPENDING', RemoveFromVersionId: token }));
    // Named stage: moto answers a stage-less GetSecretValue with the version made current before the rotation; AWS does not.
    const { SecretString = '' } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: 'AWSCURRENT' }));
    return JSON.parse(SecretString) as CacheSecret;
  };

  const canConnect = async (secret: CacheSecret) => {
    try {
      await pingCache(url, secret);
      return true;
    } catch {
      return false;
    }
  };

  it('gives the user a new password beside the old one, makes it current after a test connection, and drops the older one at the next rotation', async () => {
    // Prepare
    const { ARN: secretId = '' } = await secrets.send(new CreateSecretCommand({ Name: uniqueName('cache-password'), SecretString: JSON.stringify(first) }));

    // Act
    const second = await rotation(secretId);
    const afterFirstRotation = { first: await canConnect(first), second: await canConnect(second) };
    const third = await rotation(secretId);
    const afterSecondRotation = { first: await canConnect(first), second: await canConnect(second), third: await canConnect(third) };
    const { VersionIdsToStages = {} } = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));

    // Assess
    expect(second.username).toBe('pipeline');
    expect(second.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(new Set([first.password, second.password, third.password]).size).toBe(3);
    // Readers still on the old password are not locked out until they have had a whole rotation period.
    expect(afterFirstRotation).toEqual({ first: true, second: true });
    expect(afterSecondRotation).toEqual({ first: false, second: true, third: true });
    expect(Object.values(VersionIdsToStages).filter((stages) => stages.includes('AWSCURRENT'))).toHaveLength(1);
    expect(elasticache.commandCalls(ModifyUserCommand)).toHaveLength(2);
  });

  it('fails testSecret, naming the user, when the cache does not take the pending password', async () => {
    // Prepare: a rotation whose setSecret never reached the cache.
    const { ARN: secretId = '' } = await secrets.send(new CreateSecretCommand({ Name: uniqueName('cache-password'), SecretString: JSON.stringify(first) }));
    const token = randomUUID();
    const deps = { secrets, elasticache: new ElastiCacheClient({ region: 'us-east-1' }), userId: 'clickstream-pipeline', ping: (secret: CacheSecret) => pingCache(url, secret) };

    // Act
    await rotate({ SecretId: secretId, ClientRequestToken: token, Step: 'createSecret' }, deps);
    const test = rotate({ SecretId: secretId, ClientRequestToken: token, Step: 'testSecret' }, deps);

    // Assess
    await expect(test).rejects.toThrow(/^the cache refused the pending password of pipeline: WRONGPASS/);
  });
});
