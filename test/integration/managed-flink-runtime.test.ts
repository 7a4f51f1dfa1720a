import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v1 as clickDedupe } from '../../jobs/click-dedupe.js';
import { ensureManagedRunnerJar } from '../../runner/runner-jar.js';
import {
  APPLICATION_FAILED_EXIT_CODE,
  ensureApplicationClusterJar,
  startManagedFlinkApplication,
  waitForApplication,
  type PropertyGroup,
  type RunningApplication,
} from '../../local/managed-flink/application-cluster.js';
import { putJson, waitForRecords } from '../../local/services/kinesis-streams.js';
import { classFileMajor, classFileVersions } from '../support/class-file-versions.js';
import { flinkHarnessForThisFile } from '../support/flink-job-harness.js';
import { testClick } from '../support/test-clicks.js';

/**
 * The runner's managed-flink jar, run the way Amazon Managed Service for Apache Flink runs it.
 *
 * Rules checked, with their sources:
 * - The FLINK-1_19 runtime runs applications on Java 11 (Managed Service for Apache Flink developer
 *   guide, "Amazon Managed Service for Apache Flink 1.19" and the upgrade guide to Flink 2.2, which
 *   moves the service from Java 11 to 17): every class the jar carries must have class-file major
 *   version <= 55 (JVM specification, 4.1), or it fails with UnsupportedClassVersionError on load.
 * - The service runs the jar in application mode: `main` (the manifest's Main-Class, no arguments)
 *   inside the JobManager, Flink provided by the runtime; runtime properties in
 *   /etc/flink/application_properties.json (where aws-kinesisanalytics-runtime reads them).
 * - A `main` that cannot submit its job must fail the application with its reason, not exit the
 *   JVM (`System.exit` in the JobManager is refused here, as Flink's
 *   `cluster.intercept-user-system-exit: THROW` does).
 */
const MANAGED_FLINK_JAVA = 11;

/** The Kinesis connector's shaded AWS SDKs speak CBOR, which the local Kinesis API answers wrongly (see RunnerMain.speakJsonToKinesis). */
const JSON_TO_LOCAL_KINESIS = { 'org.apache.flink.kinesis.shaded.com.amazonaws.sdk.disableCbor': 'true', 'aws.cborEnabled': 'false' };

const { flink, client } = flinkHarnessForThisFile();
let runnerJar = '';
const applications: RunningApplication[] = [];

beforeAll(() => {
  runnerJar = ensureManagedRunnerJar();
  ensureApplicationClusterJar();
}, 600_000);

afterEach(async () => {
  await Promise.all(applications.splice(0).map((application) => application.stop()));
});

function runnerProperties(scriptUri: string): PropertyGroup[] {
  return [{ PropertyGroupId: 'FlinkSqlRunner', PropertyMap: { 'script.path': scriptUri } }];
}

async function start(propertyGroups: readonly PropertyGroup[]): Promise<RunningApplication> {
  const application = await startManagedFlinkApplication({ applicationJar: runnerJar, propertyGroups, systemProperties: JSON_TO_LOCAL_KINESIS });
  applications.push(application);
  return application;
}

describe('the managed-flink runner jar on the Managed Flink runtime', () => {
  it(`targets Java ${String(MANAGED_FLINK_JAVA)}: every class in it, its own and its bundled dependencies', has class-file version <= ${String(classFileMajor(MANAGED_FLINK_JAVA))}`, () => {
    // Act
    const classes = classFileVersions(runnerJar, MANAGED_FLINK_JAVA);

    // Assess
    const tooNew = classes.filter((entry) => entry.major > entry.allowed);
    expect(classes.length).toBeGreaterThan(1_000);
    expect(classes.some((entry) => entry.entry === 'com/clickstream/runner/RunnerMain.class')).toBe(true);
    expect(tooNew.slice(0, 20).map((entry) => `${entry.entry}: ${String(entry.major)} > ${String(entry.allowed)}`)).toEqual([]);
  });

  it('runs a compiled job in application mode, main in the JobManager and Flink provided: rows flow and the job does not restart', async () => {
    // Prepare
    const deployment = await flink.deploy(clickDedupe, 'click-dedupe');
    const clicks = [0, 1, 2].map((i) => testClick(Date.parse('2026-12-01T10:00:00Z') + i * 1_000, { event_id: `e${String(i)}`, user_id: 'u1', event_type: 'view', url: `/p${String(i)}` }));

    // Act
    const application = await start(runnerProperties(pathToFileURL(join(deployment.folder, 'job.sql')).href));
    const [job] = await waitForApplication(application, 'running Flink job', 180_000, async () => {
      const jobs = await application.jobs();
      return jobs.some((candidate) => candidate.state === 'RUNNING') ? jobs : undefined;
    });
    await putJson(client, deployment.streams.source, [...clicks, clicks[1] as (typeof clicks)[number]], 'user_id');
    const rows = await waitForRecords(client, deployment.streams.sink, 3, 120_000);

    // Assess
    expect(rows.map((row) => row.event_id).sort()).toEqual(['e0', 'e1', 'e2']);
    expect(application.process.logTail(400)).toContain(`submitted ${pathToFileURL(join(deployment.folder, 'job.sql')).href} as Flink job ${job?.id ?? '?'}`);
    const [after] = await application.jobs();
    expect(after).toMatchObject({ id: job?.id, state: 'RUNNING', restarts: 0 });
  });

  it('a script Flink rejects fails the application with the statement and the reason; the JobManager is not exited by main', async () => {
    // Prepare
    const deployment = await flink.deploy(clickDedupe, 'click-dedupe');
    const broken = join(deployment.folder, 'broken.sql');
    writeFileSync(broken, "CREATE TABLE `out` (`x` BIGINT) WITH ('connector' = 'blackhole');\nEXECUTE STATEMENT SET BEGIN\nINSERT INTO `out` SELECT `x` FROM `no_such_table`;\nEND;\n");

    // Act
    const application = await start(runnerProperties(pathToFileURL(broken).href));
    const exit = await application.process.exited;

    // Assess
    const log = application.process.logTail(400);
    expect(exit.code, log).toBe(APPLICATION_FAILED_EXIT_CODE);
    expect(log).toMatch(/ManagedStartFailure: .*broken\.sql: statement 2 \(EXECUTE STATEMENT SET BEGIN\) failed: .*no_such_table/);
    expect(log).not.toContain('UserSystemExitException');
  });

  it('runtime properties without the runner group fail the application naming the group to set', async () => {
    // Act
    const application = await start([{ PropertyGroupId: 'Other', PropertyMap: {} }]);
    const exit = await application.process.exited;

    // Assess
    const log = application.process.logTail(400);
    expect(exit.code, log).toBe(APPLICATION_FAILED_EXIT_CODE);
    expect(log).toContain("runtime properties have no property group 'FlinkSqlRunner' (found: [Other])");
  });
});
