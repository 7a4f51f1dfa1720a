/** The faults of a run, each injected once the run has indexed its `afterIndexed` events. */
import type { PipelineControl, ScheduledFault } from './pipeline-types.js';

export class FaultSchedule {
  private readonly pending: ScheduledFault[];
  private readonly runs: Promise<void>[] = [];
  readonly injected: { name: string; atSecond: number }[] = [];

  constructor(
    faults: readonly ScheduledFault[],
    private readonly control: PipelineControl,
    private readonly log: (line: string) => void,
  ) {
    this.pending = [...faults].sort((a, b) => a.afterIndexed - b.afterIndexed);
  }

  injectDue(indexed: number, elapsedMs: number): void {
    while (this.pending[0] !== undefined && indexed >= this.pending[0].afterIndexed) {
      const fault = this.pending.shift();
      if (fault === undefined) break;
      this.injected.push({ name: fault.name, atSecond: elapsedMs / 1000 });
      this.log(`fault: ${fault.name}`);
      this.runs.push(fault.inject(this.control));
    }
  }

  /** Resolves when every injected fault has run its course (a restarted process is up again). */
  async settled(): Promise<void> {
    await Promise.all(this.runs);
  }
}
