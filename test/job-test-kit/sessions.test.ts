import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { at, jobTest, RowMismatch, timestamp, watermark } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { v1 } from './sessions.js';

const sessions = jobTest(v1, import.meta.url);
const rowsFolder = join(import.meta.dirname, 'sessions.rows');

describe('the job test kit, on the user-sessions job', () => {
  afterEach(() => {
    delete process.env.JOB_TEST_UPDATE;
    rmSync(rowsFolder, { recursive: true, force: true });
  });

  it('a wrong expectation fails with a row-by-row diff naming the job file and the test, with each row’s watermark', async () => {
    // Prepare
    const run = await sessions.run([click({ user_id: 'u1', ts: at('10:00') }), click({ user_id: 'u1', ts: at('10:05') }), click({ user_id: 'u2', ts: at('10:01') }), watermark('10:40')]);

    // Act
    const failure = (() => {
      try {
        run.expectRows([
          { user_id: 'u1', window_start: timestamp('10:00'), event_count_session: 3 },
          { user_id: 'u3', event_count_session: 1 },
        ]);
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(failure).toBeInstanceOf(RowMismatch);
    const message = (failure as RowMismatch).message;
    expect(message).toContain('test/job-test-kit/sessions.ts (sessions.v1), test "the job test kit, on the user-sessions job > a wrong expectation');
    expect(message).toMatch(/missing: expected, not emitted \(1\)\n {4}- \{ user_id: "u3", event_count_session: 1 \}/);
    expect(message).toMatch(/extra: emitted, not expected \(1\)\n {4}\+ row \d at watermark 10:40:00: \{ user_id: "u2"/);
    expect(message).toMatch(/changed: emitted with other values \(1\)\n {4}~ row \d at watermark 10:40:00, expected \{ user_id: "u1", window_start: "2026-01-05T10:00:00", event_count_session: 3 \}\n {8}event_count_session: expected 3, emitted 2/);
    expect(message).toContain('emitted rows, in the order they reached the sink (2):');
  });

  it('an expected-rows file is written only on request, then compared column by column with each row’s watermark', async () => {
    // Prepare
    const steps = [click({ user_id: 'u1', ts: at('10:00') }), watermark('10:31')];
    const run = await sessions.run(steps);
    const file = join(rowsFolder, 'one-session.jsonl');

    // Act / Assess: missing, it fails and writes nothing
    expect(() => {
      run.expectRowsFile('one-session');
    }).toThrow(/no expected-rows file test\/job-test-kit\/sessions\.rows\/one-session\.jsonl; check the emitted rows below and write it with `npm run test-jobs -- --update sessions`/);
    expect(existsSync(file)).toBe(false);

    // Act / Assess: on request, written from the run, and then the same run matches it
    process.env.JOB_TEST_UPDATE = '1';
    run.expectRowsFile('one-session');
    delete process.env.JOB_TEST_UPDATE;
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"emittedAt":"10:31:00","row":\{"user_id":"u1","feature_set":"sessions.v1","window_start":"2026-01-05T10:00:00",/);
    run.expectRowsFile('one-session');

    // Act / Assess: a run that emits otherwise fails against it
    const other = await sessions.run([click({ user_id: 'u1', ts: at('10:00') }), click({ user_id: 'u1', ts: at('10:10') })]);
    expect(() => {
      other.expectRowsFile('one-session');
    }).toThrow(/rows differ from test\/job-test-kit\/sessions\.rows\/one-session\.jsonl[\s\S]*\(emitted\): expected "10:31:00", emitted "end"/);
  });
});
