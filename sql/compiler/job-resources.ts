/**
 * The external resources a compiled script touches, read from the connector options it prints: the
 * physical streams it reads and writes (and the enhanced fan-out consumer a read registers), the
 * files it reads, the folders it writes, the cache and the secrets it opens. Taken from the script
 * itself, so what the manifest says a job needs is what the deployed SQL will ask for: the consistency
 * check (infra/deployment/) proves each one exists and is granted before anything is deployed.
 */
import type { CreateTableNode } from '../ast/create-table-node.js';
import type { ScriptNode } from '../ast/script-node.js';

export type Access = 'read' | 'write';

export type JobResource =
  | {
      readonly kind: 'stream';
      readonly table: string;
      readonly access: Access;
      readonly stream: string;
      readonly region?: string;
      /** A read by an enhanced fan-out consumer of this name. */
      readonly efoConsumer?: string;
      /** A polling read: how often each shard is polled (GetRecords calls are limited per shard). */
      readonly pollIntervalMs?: number;
    }
  | { readonly kind: 'file'; readonly table: string; readonly access: 'read'; readonly uri: string }
  | { readonly kind: 'folder'; readonly table: string; readonly access: 'write'; readonly uri: string }
  | { readonly kind: 'cache'; readonly table: string; readonly access: 'read'; readonly url: string }
  | { readonly kind: 'secret'; readonly table: string; readonly access: 'read'; readonly secret: string }
  /**
   * Where a dead-lettering source sends the records its job cannot read: an SQS queue (in `region` when given; with a
   * `payloads` folder URI for records too large for a message), or a local file.
   */
  | {
      readonly kind: 'dead-letters';
      readonly table: string;
      readonly access: 'write';
      readonly queueUrl?: string;
      readonly region?: string;
      readonly payloads?: string;
      readonly path?: string;
    };

/** The Kinesis connector's default `scan.shard.getrecords.intervalmillis` (`flink.shard.getrecords.intervalmillis`). */
const CONNECTOR_POLL_INTERVAL_MS = 200;

function option(table: CreateTableNode, key: string): string | undefined {
  return table.options.find(([name]) => name === key)?.[1];
}

function tableResources(table: CreateTableNode, written: boolean): JobResource[] {
  const connector = option(table, 'connector');
  const access: Access = written ? 'write' : 'read';
  if (connector === 'kinesis' || connector === 'kinesis-dead-lettering') {
    const stream = option(table, 'stream') ?? '';
    const region = option(table, 'aws.region');
    const efoConsumer = option(table, 'scan.stream.recordpublisher') === 'EFO' ? option(table, 'scan.stream.efo.consumername') : undefined;
    const polling = !written && efoConsumer === undefined;
    const pollIntervalMs = Number(option(table, 'scan.shard.getrecords.intervalmillis') ?? CONNECTOR_POLL_INTERVAL_MS);
    const queueUrl = option(table, 'dead-letter.queue-url');
    const deadLetterRegion = option(table, 'dead-letter.region');
    const payloads = option(table, 'dead-letter.payloads');
    const path = option(table, 'dead-letter.path');
    return [
      {
        kind: 'stream',
        table: table.name,
        access,
        stream,
        ...(region === undefined ? {} : { region }),
        ...(efoConsumer === undefined ? {} : { efoConsumer }),
        ...(polling ? { pollIntervalMs } : {}),
      },
      ...(connector === 'kinesis-dead-lettering'
        ? [
            {
              kind: 'dead-letters',
              table: table.name,
              access: 'write',
              ...(queueUrl === undefined ? {} : { queueUrl }),
              ...(deadLetterRegion === undefined ? {} : { region: deadLetterRegion }),
              ...(payloads === undefined ? {} : { payloads }),
              ...(path === undefined ? {} : { path }),
            } as const,
          ]
        : []),
    ];
  }
  if (connector === 'reference-file') return [{ kind: 'file', table: table.name, access: 'read', uri: option(table, 'path') ?? '' }];
  if (connector === 'filesystem') return [{ kind: 'folder', table: table.name, access: 'write', uri: option(table, 'path') ?? '' }];
  if (connector === 'redis') {
    const secret = option(table, 'credentials.secret');
    return [
      { kind: 'cache', table: table.name, access: 'read', url: option(table, 'url') ?? '' },
      ...(secret === undefined ? [] : [{ kind: 'secret', table: table.name, access: 'read', secret } as const]),
    ];
  }
  return [];
}

/** Every resource the script's tables name, in script order; a table the statement set inserts into is written. */
export function jobResources(script: ScriptNode): JobResource[] {
  const written = new Set(script.statements.flatMap((statement) => (statement.kind === 'StatementSetNode' ? statement.inserts.map((insert) => insert.table) : [])));
  return script.statements.flatMap((statement) => (statement.kind === 'CreateTableNode' ? tableResources(statement, written.has(statement.name)) : []));
}
