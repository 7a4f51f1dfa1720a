/**
 * `npm run generate-clicks` against the real Elasticsearch and Redis: every document indexed, its
 * label written, the reference data seeded where the enricher and the jobs look it up.
 */
import { Client } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { DEFAULT_CLICKSTREAM, generateClickstream } from '../../clickstream-generator/clickstream.js';
import { loadClicks } from '../../clickstream-generator/elasticsearch-loader.js';
import { REPO_ROOT } from '../../common/repo-paths.js';
import { startSlowProxy } from '../support/slow-proxy.js';
import { uniqueName } from '../support/unique-name.js';

describe('npm run generate-clicks (real Elasticsearch and Redis)', () => {
  const services = inject('services');
  const { auth } = services.elasticsearch;
  const esUrl = new URL(services.elasticsearch.url);
  if (auth !== undefined) {
    esUrl.username = auth.username;
    esUrl.password = auth.password;
  }
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(auth === undefined ? {} : { auth }) });
  const redis = new Redis(services.redis.url);

  afterAll(async () => {
    await elasticsearch.close();
    redis.disconnect();
  });

  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'local/generate-clicks-cli.ts', ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

  it('indexes every document with its label, in a fresh index, and seeds Redis', async () => {
    // Prepare
    const index = uniqueName('clickstream-generated').toLowerCase();
    const labels = join(mkdtempSync(join(tmpdir(), 'labels-')), 'labels.jsonl');
    const start = '2026-11-23T00:00:00Z';
    await redis.del('ipnet:10.3.0.0/24');

    // Act
    const result = cli('--events', '3000', '--seed', '5', '--start', start, '--index', index, '--labels', labels, '--es-url', esUrl.href, '--redis-url', services.redis.url);

    // Assess: the same clickstream the library gives for these options.
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('done: 3,000 indexed');
    const expected = [...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: 5, events: 3000, start: Date.parse(start) })];
    expect((await elasticsearch.count({ index })).count).toBe(3000);
    const written = readFileSync(labels, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { id: string; label: string });
    expect(written.map(({ id, label }) => [id, label])).toEqual(expected.map((click) => [click.id, click.label]));
    const sample = expected[1234];
    const stored = await elasticsearch.get({ index, id: sample?.id ?? '' });
    expect(stored._source).toEqual(sample?.document);
    expect(JSON.parse((await redis.get('ipnet:10.3.0.0/24')) ?? 'null')).toMatchObject({ kind: 'datacenter' });
    expect(JSON.parse((await redis.get('zip:10001')) ?? 'null')).toMatchObject({ city: 'New York' });
  });

  it('loads every click, in order, at a slow rate into a slow Elasticsearch', async () => {
    // Prepare: answers 600 ms late, clicks 250 ms apart, so a request is always in flight when the
    // next few clicks are due. The bulk helper's flush timer used to queue a second flush beside the
    // one waiting for that request; the helper keeps one waiter, and the other flush's clicks were
    // never sent, without a word (npm start once lost 30 of 20,000 clicks that way).
    const index = uniqueName('clickstream-slow').toLowerCase();
    await createClickIndex(elasticsearch, index, 1, '200ms');
    const proxy = await startSlowProxy(new URL(services.elasticsearch.url), 600);
    const slow = new Client({ node: proxy.url, ...(auth === undefined ? {} : { auth }) });
    const clicks = [...generateClickstream({ ...DEFAULT_CLICKSTREAM, seed: 9, events: 40, start: Date.parse('2026-11-23T00:00:00Z') })];
    const acknowledged: string[] = [];

    // Act
    const loaded = await loadClicks(slow, clicks, { index, ratePerSecond: 4, concurrency: 1, onIndexed: (id) => acknowledged.push(id) }).finally(async () => {
      await slow.close();
      await proxy.close();
    });

    // Assess
    expect(loaded).toMatchObject({ indexed: 40, failed: 0 });
    expect(acknowledged).toEqual(clicks.map((click) => click.id));
    expect((await elasticsearch.count({ index })).count).toBe(40);
  }, 60_000);

  it('refuses bad options with the reason and the usage, before writing anything', () => {
    // Act
    const result = cli('--events', 'many', '--malformed', '1.5', '--es-url', esUrl.href, '--no-redis');

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--events: Invalid input');
    expect(result.stderr).toContain('--malformed: Too big: expected number to be <=1');
    expect(result.stderr).toContain('usage: npm run generate-clicks');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
