/**
 * An AWS service's own model (botocore's `service-2.json`, the model the AWS SDKs are generated
 * from), used to hold requests to what the API reference documents: required members, string
 * lengths and patterns, enums, number ranges, list sizes, nested structures. botocore is installed
 * pinned with the local Secrets Manager (moto) under the download cache.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { downloadsDir } from '../../common/repo-paths.js';
import { MOTO_VERSION } from '../services/secrets-manager-service.js';

interface Shape {
  readonly type: string;
  readonly required?: readonly string[];
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: readonly string[];
}

interface Model {
  readonly metadata: { readonly targetPrefix: string; readonly serviceId: string };
  readonly operations: Readonly<Record<string, { readonly input?: { readonly shape: string } }>>;
  readonly shapes: Readonly<Record<string, Shape>>;
}

/** botocore's data folder in the moto environment (`npm run services -- install` puts it there). */
function botocoreData(): string {
  const lib = join(downloadsDir(), `moto-${MOTO_VERSION}`, 'lib');
  const python = existsSync(lib) ? readdirSync(lib).find((name) => name.startsWith('python')) : undefined;
  const data = python === undefined ? undefined : join(lib, python, 'site-packages/botocore/data');
  if (data === undefined || !existsSync(data)) throw new Error(`no botocore service models under ${lib}: run npm run services -- install`);
  return data;
}

export class ServiceModel {
  private readonly model: Model;

  /** `service` as botocore names it (`kinesisanalyticsv2`, `cloudwatch`), `version` its API version. */
  constructor(service: string, version: string) {
    const file = join(botocoreData(), service, version, 'service-2.json.gz');
    this.model = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Model;
  }

  get targetPrefix(): string {
    return this.model.metadata.targetPrefix;
  }

  hasOperation(operation: string): boolean {
    return operation in this.model.operations;
  }

  /**
   * What in `input` breaks the operation's input shape, in AWS's wording ("Value ... at 'path' failed
   * to satisfy constraint: ..."); empty when it conforms. Members the model does not know are refused too.
   */
  violations(operation: string, input: unknown): string[] {
    const shape = this.model.operations[operation]?.input?.shape;
    if (shape === undefined) return [];
    const found: string[] = [];
    this.check(shape, input, '', found);
    return found;
  }

  private check(shapeName: string, value: unknown, path: string, found: string[]): void {
    const shape = this.model.shapes[shapeName];
    if (shape === undefined || value === undefined || value === null) return;
    const at = path === '' ? 'the request' : `'${path}'`;
    const fail = (constraint: string): void => {
      found.push(`Value ${JSON.stringify(value).slice(0, 80)} at ${at} failed to satisfy constraint: ${constraint}`);
    };
    switch (shape.type) {
      case 'structure': {
        if (typeof value !== 'object' || Array.isArray(value)) {
          fail('Member must be a structure');
          return;
        }
        const record = value as Record<string, unknown>;
        for (const name of shape.required ?? []) if (record[name] === undefined) found.push(`Value null at '${path === '' ? '' : `${path}.`}${name}' failed to satisfy constraint: Member must not be null`);
        for (const [name, member] of Object.entries(record)) {
          const memberShape = shape.members?.[name];
          const memberPath = path === '' ? name : `${path}.${name}`;
          if (memberShape === undefined) found.push(`Unknown member '${memberPath}'`);
          else this.check(memberShape.shape, member, memberPath, found);
        }
        return;
      }
      case 'list': {
        if (!Array.isArray(value)) {
          fail('Member must be a list');
          return;
        }
        if (shape.min !== undefined && value.length < shape.min) fail(`Member must have length greater than or equal to ${String(shape.min)}`);
        if (shape.max !== undefined && value.length > shape.max) fail(`Member must have length less than or equal to ${String(shape.max)}`);
        value.forEach((item, index) => {
          if (shape.member !== undefined) this.check(shape.member.shape, item, `${path}.${String(index + 1)}.member`, found);
        });
        return;
      }
      case 'map': {
        if (typeof value !== 'object' || Array.isArray(value)) {
          fail('Member must be a map');
          return;
        }
        const entries = Object.entries(value as Record<string, unknown>);
        if (shape.min !== undefined && entries.length < shape.min) fail(`Member must have length greater than or equal to ${String(shape.min)}`);
        if (shape.max !== undefined && entries.length > shape.max) fail(`Member must have length less than or equal to ${String(shape.max)}`);
        for (const [key, item] of entries) {
          if (shape.key !== undefined) this.check(shape.key.shape, key, `${path}.${key}.key`, found);
          if (shape.value !== undefined) this.check(shape.value.shape, item, `${path}.${key}.value`, found);
        }
        return;
      }
      case 'string': {
        if (typeof value !== 'string') {
          fail('Member must be a string');
          return;
        }
        if (shape.enum !== undefined && !shape.enum.includes(value)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        if (shape.min !== undefined && value.length < shape.min) fail(`Member must have length greater than or equal to ${String(shape.min)}`);
        if (shape.max !== undefined && value.length > shape.max) fail(`Member must have length less than or equal to ${String(shape.max)}`);
        // AWS patterns must match the whole value.
        if (shape.pattern !== undefined && !new RegExp(`^(?:${shape.pattern})$`, 'su').test(value)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
        return;
      }
      case 'integer':
      case 'long':
      case 'double':
      case 'float': {
        if (typeof value !== 'number') {
          fail('Member must be a number');
          return;
        }
        if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${String(shape.min)}`);
        if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${String(shape.max)}`);
        return;
      }
      case 'boolean':
        if (typeof value !== 'boolean') fail('Member must be a boolean');
        return;
      default:
        return;
    }
  }
}
