import { describe, expect, it } from 'vitest';
import { at, jobTest, JobTestError } from '../../job-test-kit/index.js';
import { click } from '../../jobs/clicks.fixture.js';
import { v1 } from './planner-refuses.js';

describe('the job test kit, on a job Flink’s planner refuses', () => {
  it('fails with the job file, the test and Flink’s message', async () => {
    // Act
    const running = jobTest(v1, import.meta.url).run([click({ ts: at('10:00') })]);

    // Assess
    await expect(running).rejects.toThrow(JobTestError);
    await expect(running).rejects.toThrow(/^test\/job-test-kit\/planner-refuses\.ts \(planner-refuses\.v1\), test "the job test kit, on a job Flink’s planner refuses > fails with the job file, the test and Flink’s message": Flink's planner refused the job: .*Processing time Window TopN is not supported yet/s);
  });
});
