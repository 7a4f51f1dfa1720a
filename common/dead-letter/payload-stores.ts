/**
 * Where a dead letter's source goes when it is too large for the message (256 KiB on SQS, 1 MiB on
 * Kinesis): an S3 prefix in AWS (`s3://bucket/prefix/`), or a folder on a disk that is kept
 * (`file:<folder>`, local runs). The dead letter then carries the object's URI instead of the source.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { awsClientConfig, isLoopbackEndpoint } from '../aws-clients.js';
import type { PayloadStore } from './dead-letter.js';

export type PayloadStoreLocation = { readonly kind: 'folder'; readonly path: string } | { readonly kind: 's3'; readonly bucket: string; readonly prefix: string };

/** `file:<folder>` or `s3://<bucket>[/<prefix>]`; a prefix always ends in `/`. */
export const payloadStoreLocation = z.string().transform((text, context): PayloadStoreLocation => {
  const trimmed = text.trim();
  if (trimmed.startsWith('file:') && trimmed.length > 'file:'.length) return { kind: 'folder', path: trimmed.slice('file:'.length) };
  const s3 = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(trimmed);
  if (s3?.[1] !== undefined) {
    // S3's bucket naming rules: 3-63 lower-case letters, digits, dots and dashes, starting and ending with a letter or digit.
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3[1])) {
      context.addIssue({ code: 'custom', message: `'${s3[1]}' is not an S3 bucket name (3-63 lower-case letters, digits, dots and dashes)` });
      return z.NEVER;
    }
    const prefix = (s3[2] ?? '').replace(/^\/+/, '');
    return { kind: 's3', bucket: s3[1], prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/` };
  }
  context.addIssue({ code: 'custom', message: `'${text}' is not a payload store; write file:<folder> or s3://<bucket>/<prefix>` });
  return z.NEVER;
});

/** A key safe in a file name and an S3 key alike: the index, the id and the source's hash. */
function objectName(key: string): string {
  return `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

export class FolderPayloadStore implements PayloadStore {
  constructor(private readonly folder: string) {}

  put(key: string, body: string): Promise<string> {
    mkdirSync(this.folder, { recursive: true });
    const path = join(this.folder, objectName(key));
    writeFileSync(path, body);
    return Promise.resolve(pathToFileURL(path).href);
  }
}

export class S3PayloadStore implements PayloadStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async put(key: string, body: string): Promise<string> {
    const objectKey = `${this.prefix}${objectName(key)}`;
    // The bucket's default encryption applies (KMS in the CDK app); a failure throws and the sender stops.
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: body, ContentType: 'application/json' }));
    return `s3://${this.bucket}/${objectKey}`;
  }
}

export interface OpenedPayloadStore {
  readonly store: PayloadStore;
  close(): void;
}

/** The store at `location`; `s3Endpoint` is for a local S3 API (path-style addressing, the emulators' credentials). */
export function openPayloadStore(location: PayloadStoreLocation, region: string, s3Endpoint?: string): OpenedPayloadStore {
  if (location.kind === 'folder') return { store: new FolderPayloadStore(location.path), close: () => undefined };
  const client = new S3Client({ ...awsClientConfig(region, s3Endpoint), forcePathStyle: isLoopbackEndpoint(s3Endpoint) });
  return {
    store: new S3PayloadStore(client, location.bucket, location.prefix),
    close: () => {
      client.destroy();
    },
  };
}
