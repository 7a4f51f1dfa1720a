import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../producer/config.js';

describe('producer configuration: the dead-letter payload store', () => {
  const base = { 'es-url': 'http://127.0.0.1:9200' };

  it('defaults to a folder kept under .cache/', () => {
    // Act
    const config = resolveConfig(base, {});

    // Assess
    expect(config['payload-store']).toEqual({ kind: 'folder', path: '.cache/producer/dead-letter-payloads' });
  });

  it.each([
    ['s3://dead-letters/producer', { kind: 's3', bucket: 'dead-letters', prefix: 'producer/' }],
    ['s3://dead-letters/producer/', { kind: 's3', bucket: 'dead-letters', prefix: 'producer/' }],
    ['s3://dead-letters', { kind: 's3', bucket: 'dead-letters', prefix: '' }],
    ['file:/var/lib/producer/payloads', { kind: 'folder', path: '/var/lib/producer/payloads' }],
  ])('reads %s from DEAD_LETTER_PAYLOADS', (location, expected) => {
    // Act
    const config = resolveConfig(base, { DEAD_LETTER_PAYLOADS: location });

    // Assess
    expect(config['payload-store']).toEqual(expected);
  });

  it.each([
    ['s3://Dead_Letters/producer', "'Dead_Letters' is not an S3 bucket name"],
    ['/tmp/payloads', "'/tmp/payloads' is not a payload store; write file:<folder> or s3://<bucket>/<prefix>"],
    ['file:', "'file:' is not a payload store"],
  ])('refuses %s, naming the flag and its variable', (location, message) => {
    // Act
    const attempt = () => resolveConfig({ ...base, 'payload-store': location }, {});

    // Assess
    expect(attempt).toThrow('--payload-store (or DEAD_LETTER_PAYLOADS): ');
    expect(attempt).toThrow(message);
  });
});
