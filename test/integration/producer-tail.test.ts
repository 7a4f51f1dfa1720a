/**
 * Tail mode against a live index: documents indexed while it runs are sent, including ones that
 * become visible late with a timestamp older than what was already sent (inside the overlap), and
 * the ones read again inside the overlap are dropped, not sent twice. The overlap is re-read once a
 * second (polls are 5 a second), from one overlap before the position of the re-read before.
 */
import { Client } from '@elastic/elasticsearch';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createStream, readAllJson } from '../../local/services/kinesis-streams.js';
import { localKinesisClient } from '../../common/aws-clients.js';
import { resolveConfig } from '../../producer/config.js';
import { buildProducer } from '../../producer/create-producer.js';
import { tail, type Progress } from '../../producer/producer.js';
import type { DeadLetter } from '../../common/dead-letter/dead-letter.js';
import { createClickIndex } from '../../clickstream-generator/click-index.js';
import { BASE_TIME, indexDocuments, invalidDocuments, validDocuments } from '../support/click-documents.js';
import { uniqueName } from '../support/unique-name.js';

describe('producer tail: follows a live index (real ES, real Kinesis API)', () => {
  const services = inject('services');
  const elasticsearch = new Client({ node: services.elasticsearch.url, ...(services.elasticsearch.auth === undefined ? {} : { auth: services.elasticsearch.auth }) });
  const kinesis = localKinesisClient(services.kinesis);
  const index = uniqueName('clickstream-tail');
  const streams = { raw: uniqueName('raw-tail'), dlq: uniqueName('dlq-tail') };
  const folder = mkdtempSync(join(tmpdir(), 'producer-tail-'));

  beforeAll(async () => {
    await createClickIndex(elasticsearch, index);
    await Promise.all([createStream(kinesis, streams.raw, 2), createStream(kinesis, streams.dlq)]);
  });

  afterAll(async () => {
    await elasticsearch.indices.delete({ index, ignore_unavailable: true });
    await elasticsearch.close();
    kinesis.destroy();
  });

  it('sends documents indexed while it runs, late-visible ones inside the overlap too, each once; dead-letters the invalid ones to a stream', async () => {
    // Prepare: three waves; the third has timestamps older than the second's, as if ingest lagged.
    const first = validDocuments(600, 30, BASE_TIME, 'first'); // BASE_TIME .. +1.4 s
    const second = validDocuments(600, 30, BASE_TIME + 10_000, 'second'); // +10 s .. +11.4 s
    const late = validDocuments(90, 30, BASE_TIME + 5_000, 'late'); // +5 s: behind the position once `second` is sent
    // A fourth wave in one bulk: `lagging` becomes visible 5 s behind the position, and `ahead` moves the
    // position 29 s on at once, so one overlap before the position is past `lagging` by the next re-read:
    // only a re-read from one overlap before the previous re-read's position still reads it.
    const lagging = validDocuments(30, 10, BASE_TIME + 6_000, 'lagging'); // +6 s
    const ahead = validDocuments(300, 30, BASE_TIME + 40_000, 'ahead'); // +40 s .. +40.7 s
    // Including documents without a sortable timestamp, which only tail's sweep reads.
    const invalid = invalidDocuments(BASE_TIME);
    expect(invalid.filter((document) => document.source['@timestamp'] === undefined || document.source['@timestamp'] === 'not a date').length).toBeGreaterThan(0);
    await indexDocuments(elasticsearch, index, [...first, ...invalid]);
    const config = resolveConfig(
      {
        'es-url': services.elasticsearch.url,
        index,
        stream: streams.raw,
        'dead-letter': `kinesis:${streams.dlq}`,
        'kinesis-endpoint': services.kinesis.endpoint,
        'page-size': '200',
        'payload-store': `file:${join(folder, 'payloads')}`,
        checkpoint: `file:${join(folder, 'tail.json')}`,
      },
      {},
    );
    const built = await buildProducer(config, join(folder, 'unused.json'));
    const stop = new AbortController();
    let latest: Progress | undefined;
    /** Polls the tail's progress until `done`; fails, saying `what`, after 60 s. */
    const until = async (done: () => boolean, what: () => string) => {
      const deadline = Date.now() + 60_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`${what()} within 60 s`);
        await sleep(100);
      }
    };
    const sentAtLeast = (count: number) => until(() => (latest?.counts.sent ?? 0) >= count, () => `tail sent ${String(latest?.counts.sent)} of ${count}`);

    // Act
    const running = tail({ ...built.parts, signal: stop.signal, onProgress: (progress) => (latest = progress) }, { from: BASE_TIME, overlapMs: 30_000, pollIntervalMs: 200, rereadIntervalMs: 1_000 });
    await sentAtLeast(first.length);
    await indexDocuments(elasticsearch, index, second);
    await sentAtLeast(first.length + second.length);
    const positionBeforeLate = latest?.position;
    await indexDocuments(elasticsearch, index, late);
    await sentAtLeast(first.length + second.length + late.length);
    await indexDocuments(elasticsearch, index, [...lagging, ...ahead]);
    await sentAtLeast(first.length + second.length + late.length + lagging.length + ahead.length);
    // One more re-read over what was sent (it skips them as duplicates): anything sent twice would show up now.
    const skippedBefore = latest?.counts.duplicatesSkipped ?? 0;
    await until(() => (latest?.counts.duplicatesSkipped ?? 0) > skippedBefore, () => 'tail did not re-read its overlap');
    stop.abort();
    const summary = await running;
    await built.close();
    const ids = (await readAllJson(kinesis, streams.raw)).map((record) => String(record.event_id));
    const deadLetters = (await readAllJson(kinesis, streams.dlq)) as unknown as DeadLetter[];

    // Assess
    expect(positionBeforeLate).toBeGreaterThan(BASE_TIME + 10_000);
    expect(summary.outcome).toBe('stopped');
    expect(ids.sort()).toEqual([...first, ...second, ...late, ...lagging, ...ahead].map((document) => document.id).sort());
    expect(summary.counts.sent).toBe(first.length + second.length + late.length + lagging.length + ahead.length);
    // Dead letters on a Kinesis stream (the backfill test covers SQS), each once with its reason,
    // although every poll swept the documents without a timestamp again.
    expect(deadLetters.map((letter) => letter.id).sort()).toEqual(invalid.map((document) => document.id).sort());
    for (const document of invalid) expect(deadLetters.find((letter) => letter.id === document.id)?.reason, document.id).toContain(document.reason);
    expect(deadLetters.filter((letter) => letter.sourceLocation !== undefined).map((letter) => letter.id)).toEqual(['bad-7']);
    // A poll a second reads the overlap again (the late ones came in that way); those documents are dropped by id.
    expect(summary.counts.duplicatesSkipped).toBeGreaterThan(first.length);
  });
});
