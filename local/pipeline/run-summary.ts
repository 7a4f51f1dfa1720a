/** The run's summary for a terminal: counts per hop, dead letters by reason, latency per hop. */
import type { Backlog } from './event-timeline.js';
import type { PipelineProgress, PipelineResult, ProgressCount } from './pipeline-types.js';

const number = (value: number): string => Math.round(value).toLocaleString('en-US');
const ms = (value: number): string => (Number.isNaN(value) ? '-' : value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${number(value)} ms`);

const lag = ({ events, oldestMs }: Backlog): string => (events === 0 ? 'lag 0' : `lag ${number(events)} / ${(oldestMs / 1000).toFixed(1)} s`);

/**
 * One line per progress report (short enough for a 170-column terminal): each hop's count and its
 * rate over the last seconds, and behind the producer and the scoring stages their lag: how many
 * events wait there and how long the oldest has waited.
 */
export function progressLine(progress: PipelineProgress): string {
  const seconds = (progress.elapsedMs / 1000).toFixed(0).padStart(4);
  const rate = (count: ProgressCount): string => `${number(progress[count])} (${number(progress.ratePerSecond[count])}/s`;
  return [
    `[${seconds} s] indexed ${number(progress.indexed)}/${number(progress.generated)} (${number(progress.ratePerSecond.indexed)}/s)`,
    `raw ${rate('raw')}, ${lag(progress.lag.producer)})`,
    `rows ${rate('featureRows')})`,
    `enriched ${rate('enriched')}, ${lag(progress.lag.scoring)})`,
    `DLQ ${number(progress.deadLettered.producer)}+${number(progress.deadLettered.enricher)}`,
    `accounted ${number(progress.accounted)}`,
  ].join(' | ');
}

export function summaryLines(result: PipelineResult): string[] {
  const { counts } = result;
  const deadLettered = counts.deadLettered.producer + counts.deadLettered.enricher + counts.deadLettered.eventSource;
  const lines = [
    `run ${result.runId}: ${result.outcome === 'complete' ? 'every event accounted for' : `${result.outcome.toUpperCase()}, ${number(counts.unaccounted)} events unaccounted`} (${result.seconds.toFixed(1)} s; jobs ${result.jobs.join(', ')})`,
    '',
    `  events generated        ${number(counts.generated).padStart(9)}  (${number(counts.generatedMalformed)} malformed on purpose)`,
    `  indexed in ES           ${number(counts.indexed).padStart(9)}`,
    `  read by the producer    ${number(counts.producerRead).padStart(9)}  (sent to the raw stream or dead-lettered)`,
    `  on the raw stream       ${number(counts.rawEvents).padStart(9)}  (${number(counts.rawRecords)} records; more than events = re-sent after a restart)`,
    `  feature rows delivered  ${number(counts.featureRows).padStart(9)}`,
    `  predictions written     ${number(counts.predictions).padStart(9)}`,
    `  dead-lettered           ${number(deadLettered).padStart(9)}  (producer ${number(counts.deadLettered.producer)}, enricher ${number(counts.deadLettered.enricher)}, event source ${number(counts.deadLettered.eventSource)}; ${number(counts.deadLetterMessages)} messages)`,
    ...(Object.keys(counts.jobDeadLetters).length === 0
      ? []
      : [`  unreadable raw records   dead-lettered by the jobs, which kept running: ${Object.entries(counts.jobDeadLetters).map(([job, count]) => `${job} ${number(count)}`).join(', ')}`]),
    `  predictions + dead letters = ${number(counts.predictions + deadLettered)} of ${number(counts.generated)} generated${counts.unexpectedPredictions > 0 ? `; ${number(counts.unexpectedPredictions)} predictions of events never generated` : ''}`,
  ];
  if (result.deadLetterReasons.length > 0) {
    lines.push('', '  dead letters by reason:');
    for (const reason of result.deadLetterReasons.slice(0, 8)) lines.push(`    ${number(reason.count).padStart(7)}  ${reason.hop}: ${reason.reason}`);
  }
  if (result.missing.length > 0) {
    lines.push('', '  unaccounted events (last hop seen):');
    for (const missing of result.missing.slice(0, 10)) lines.push(`    ${missing.id}: ${missing.lastSeen}`);
  }
  if (result.faults.length > 0) {
    lines.push('', '  faults injected:');
    for (const fault of result.faults) lines.push(`    at ${fault.atSecond.toFixed(1)} s: ${fault.name}`);
  }
  lines.push('', `  latency per hop (ms, over the ${number(counts.predictions)} predicted events)        p50      p90      p99      max   budget in AWS`);
  for (const { hop, distribution } of result.latency) {
    lines.push(`    ${hop.label.padEnd(66)} ${ms(distribution.p50).padStart(8)} ${ms(distribution.p90).padStart(8)} ${ms(distribution.p99).padStart(8)} ${ms(distribution.max).padStart(8)}   ${hop.budget}`);
  }
  return lines;
}
