/**
 * The self-contained HTML run report: counts per hop, latency distributions per hop beside the AWS
 * budget, throughput over time, dead letters by reason. No external files or scripts: the run's
 * result is embedded as JSON and an inline script draws the charts as SVG, so the file opens
 * anywhere, and a browser test can check that the charts were drawn (the elements it adds).
 */
import { BUCKET_BOUNDS } from './latency-distribution.js';
import type { PipelineResult } from './pipeline-run.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${String(character.charCodeAt(0))};`);

/** JSON safe inside a <script> element: `<` never appears literally, so `</script>` cannot either. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const DRAW_CHARTS = String.raw`
const run = JSON.parse(document.getElementById('run-data').textContent);
const svgNs = 'http://www.w3.org/2000/svg';
function element(name, attributes, text) {
  const node = document.createElementNS(svgNs, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}
function barChart(container, labels, values, unit) {
  const width = 560, height = 160, left = 40, bottom = 30, max = Math.max(1, ...values);
  const svg = element('svg', { width, height, class: 'chart', role: 'img' });
  const step = (width - left) / values.length;
  values.forEach((value, index) => {
    const barHeight = ((height - bottom - 10) * value) / max;
    svg.appendChild(element('rect', { x: left + index * step + 1, y: height - bottom - barHeight, width: Math.max(1, step - 2), height: barHeight, class: 'bar' }))
      .appendChild(element('title', {}, labels[index] + ': ' + value + unit));
    if (values.length <= 20 || index % Math.ceil(values.length / 12) === 0) svg.appendChild(element('text', { x: left + index * step + step / 2, y: height - bottom + 14, 'text-anchor': 'middle', class: 'axis' }, labels[index]));
  });
  svg.appendChild(element('text', { x: 0, y: 12, class: 'axis' }, String(max)));
  svg.appendChild(element('text', { x: 0, y: height - bottom, class: 'axis' }, '0'));
  container.appendChild(svg);
}
const bounds = run.bucketBounds.map((bound) => (bound === null ? '>' + run.bucketBounds[run.bucketBounds.length - 2] : bound >= 1000 ? bound / 1000 + 's' : bound + 'ms'));
for (const [index, hop] of run.result.latency.entries()) {
  barChart(document.getElementById('latency-' + index), bounds, hop.histogram, ' events');
}
for (const series of ['indexed', 'raw', 'written']) {
  const values = run.result.throughput[series];
  barChart(document.getElementById('throughput-' + series), values.map((_, second) => second + 's'), values, ' events/s');
}
document.body.dataset.chartsDrawn = String(document.querySelectorAll('svg.chart').length);
`;

export function renderRunReport(result: PipelineResult): string {
  const { counts } = result;
  const deadLettered = counts.deadLettered.producer + counts.deadLettered.enricher + counts.deadLettered.eventSource;
  const ms = (value: number): string => (Number.isNaN(value) ? '-' : `${value.toLocaleString('en-US')} ms`);
  const row = (cells: readonly string[]): string => `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
  const countRows = [
    ['events generated', counts.generated, `${String(counts.generatedMalformed)} malformed on purpose`],
    ['indexed in Elasticsearch', counts.indexed, ''],
    ['read by the producer', counts.producerRead, 'sent to the raw stream or dead-lettered'],
    ['events on the raw stream', counts.rawEvents, `${String(counts.rawRecords)} records`],
    ['feature rows delivered to the enricher', counts.featureRows, ''],
    ['predictions written', counts.predictions, ''],
    ['dead-lettered', deadLettered, `producer ${String(counts.deadLettered.producer)}, enricher ${String(counts.deadLettered.enricher)}, event source ${String(counts.deadLettered.eventSource)}`],
    ['unaccounted', counts.unaccounted, counts.unaccounted === 0 ? 'nothing lost' : 'see below'],
  ] as const;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Pipeline run ${escapeHtml(result.runId)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
  table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
  td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
  td:nth-child(n+2) { font-variant-numeric: tabular-nums; }
  /* A sub-hop's label is indented with spaces ("  of which ..."). */
  .latency td:first-child { white-space: pre; }
  .outcome-complete { color: #17663a; } .outcome-incomplete, .outcome-interrupted { color: #a11; }
  .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(580px, 1fr)); gap: 1em; }
  .bar { fill: #3b73b9; } .axis { font-size: 10px; fill: #555; }
</style>
</head>
<body>
<h1>Pipeline run ${escapeHtml(result.runId)}</h1>
<p class="outcome-${result.outcome}"><strong>${escapeHtml(result.outcome === 'complete' ? 'Every generated event is accounted for: predictions + dead letters = events generated.' : `${result.outcome}: ${String(counts.unaccounted)} events unaccounted.`)}</strong>
Started ${escapeHtml(result.startedAt)}, ${result.seconds.toFixed(1)} s; ${String(result.settings.events)} events at ${String(result.settings.ratePerSecond)}/s, seed ${String(result.settings.seed)}; jobs ${escapeHtml(result.jobs.join(', '))}.</p>
<h2>Counts per hop</h2>
<table><tr><th>hop</th><th>count</th><th></th></tr>${countRows.map(([label, value, note]) => row([label, value.toLocaleString('en-US'), note])).join('')}</table>
<h2>Latency per hop, measured beside the AWS budget</h2>
<p>Each event's times are taken at the hops (Elasticsearch acknowledgement, the producer's send time in the record, Kinesis arrival on the raw and features streams, the ML answer, the enricher's write), over the ${String(counts.predictions)} predicted events. Locally everything shares two cores; the budget is for AWS (DESIGN.md).</p>
<table class="latency"><tr><th>hop</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>budget in AWS</th></tr>${result.latency.map(({ hop, distribution }) => row([hop.label, ms(distribution.p50), ms(distribution.p90), ms(distribution.p99), ms(distribution.max), hop.budget])).join('')}</table>
<div class="charts">${result.latency.map(({ hop }, index) => `<figure><figcaption>${escapeHtml(hop.label)}: events per latency bucket</figcaption><div id="latency-${String(index)}"></div></figure>`).join('')}</div>
<h2>Throughput over time</h2>
<div class="charts">${(['indexed', 'raw', 'written'] as const).map((series) => `<figure><figcaption>events per second: ${series === 'indexed' ? 'indexed in Elasticsearch' : series === 'raw' ? 'arriving on the raw stream' : 'predictions written'}</figcaption><div id="throughput-${series}"></div></figure>`).join('')}</div>
<h2>Dead letters by reason</h2>
${result.deadLetterReasons.length === 0 ? '<p>None.</p>' : `<table><tr><th>hop</th><th>reason</th><th>count</th></tr>${result.deadLetterReasons.map((reason) => row([reason.hop, reason.reason, String(reason.count)])).join('')}</table>`}
${result.missing.length === 0 ? '' : `<h2>Unaccounted events</h2><table><tr><th>event</th><th>last seen at</th></tr>${result.missing.map((missing) => row([missing.id, missing.lastSeen])).join('')}</table>`}
${result.faults.length === 0 ? '' : `<h2>Faults injected</h2><table><tr><th>at</th><th>fault</th></tr>${result.faults.map((fault) => row([`${fault.atSecond.toFixed(1)} s`, fault.name])).join('')}</table>`}
<script type="application/json" id="run-data">${scriptJson({ result, bucketBounds: BUCKET_BOUNDS.map((bound) => (Number.isFinite(bound) ? bound : null)) })}</script>
<script>${DRAW_CHARTS}</script>
</body>
</html>
`;
}
