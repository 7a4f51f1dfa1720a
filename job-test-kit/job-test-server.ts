/**
 * The runner's `test-server`: one JVM with one embedded Flink cluster that runs job tests' scripts to the
 * end of their input, many at once, so every job test of a run shares one JVM start and one JIT. The
 * `jobs` test project starts one for the whole run (global-setup.ts); a test run any other way starts its
 * own on first use. The JVM exits when its stdin closes, so it never outlives the process that started it.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../common/repo-paths.js';
import { ensureRunnerJar } from '../runner/runner-jar.js';

/** The runner's answer to one script: it ran to the end of its input, or where it failed. */
export type ScriptOutcome =
  | { readonly status: 'finished'; readonly millis: number }
  | { readonly status: 'failed'; readonly stage: 'plan' | 'run'; readonly message: string };

export interface JobTestServer {
  readonly url: string;
  readonly logPath: string;
  readonly stop: () => void;
}

const READY = /^test-server ready on port (\d+)$/;

/** Starts a test server and resolves once it listens; rejects with its log's path if it exits first. */
export async function startJobTestServer(): Promise<JobTestServer> {
  const jar = ensureRunnerJar();
  const logFolder = join(REPO_ROOT, '.cache/logs');
  mkdirSync(logFolder, { recursive: true });
  // One log per server: two test runs in one checkout each have their own.
  const logPath = join(logFolder, `job-test-server-${String(process.pid)}.log`);
  // Flink logs to stderr: straight into the file, not through this process, so a busy or blocked event loop
  // here (a spawnSync, say) can never fill the pipe and stall the JVM on its next log line.
  const logFd = openSync(logPath, 'w');
  const child = spawn('java', ['-jar', jar, 'test-server'], { stdio: ['pipe', 'pipe', logFd] });
  closeSync(logFd);
  const { stdin, stdout } = child;
  if (stdin === null || stdout === null) throw new Error('the runner test server was started without its stdin and stdout pipes');
  const lines = createInterface({ input: stdout });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once('error', (error) => {
      reject(new Error(`could not start the runner's test server (java -jar ${jar} test-server): ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      reject(new Error(`the runner's test server exited (${signal ?? `code ${String(code)}`}) before it was ready; see ${logPath}`));
    });
    lines.on('line', (line) => {
      const ready = READY.exec(line);
      if (ready !== null) resolvePort(Number(ready[1]));
    });
  });
  // Closing stdin is the JVM's signal to stop, and the system closes it when this process ends, however it
  // ends; unref lets this process end without waiting for the JVM or its pipes.
  child.unref();
  for (const pipe of [stdin, stdout]) (pipe as Socket).unref();
  return {
    url: `http://127.0.0.1:${String(port)}`,
    logPath,
    stop: () => {
      stdin.end();
    },
  };
}

let ownServer: Promise<JobTestServer> | undefined;

/** This process's own server, started on first use (when no run-wide one was provided). */
export function ownJobTestServer(): Promise<JobTestServer> {
  ownServer ??= startJobTestServer();
  return ownServer;
}

/**
 * Runs one script on the server to the end of its input. The timeout only guards against a hang (a
 * source that never ends); a job test's verdict never depends on how long the run takes.
 */
export async function runScript(serverUrl: string, script: string, hangGuardMs = 300_000): Promise<ScriptOutcome> {
  const response = await fetch(`${serverUrl}/run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ script }),
    signal: AbortSignal.timeout(hangGuardMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the runner's test server answered ${String(response.status)} for ${script}: ${text}`);
  return JSON.parse(text) as ScriptOutcome;
}
