/** Writes results.json and the results table of docs/benchmarks.md (between its markers). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MachineInfo } from './machine';
import type { Plan, Results, ScenarioResult } from './scenario';

export const START_MARKER = '<!-- bench:results:start -->';
export const END_MARKER = '<!-- bench:results:end -->';

function spread(r: ScenarioResult): string {
  return typeof r['min'] === 'number' && typeof r['max'] === 'number' ? `${r['min']} – ${r['max']}` : '';
}

function targetText(r: ScenarioResult): string {
  return `${r['higherIsBetter'] === true ? '≥' : r.unit === 'count' ? '=' : '≤'} ${r.target}`;
}

function size(r: ScenarioResult): string {
  const parts: string[] = [];
  if (typeof r['N'] === 'number') parts.push(`N=${r['N']}`);
  if (typeof r['runs'] === 'number') parts.push(`${r['runs']} runs`);
  if (typeof r['requests'] === 'number') parts.push(`${r['requests']} req`);
  // CPU-clocked rows (lockfile parsers) also show the wall time of the same runs.
  if (typeof r['wallMs'] === 'number') parts.push(`wall ${r['wallMs']} ms`);
  return parts.join(', ');
}

export function resultsTable(results: Results): string {
  const rows = ['| Scenario | Median | Target | Pass | Min – max | Size | Load (start → end) |', '|---|---|---|---|---|---|---|'];
  for (const [name, r] of Object.entries(results)) {
    const load = r['loadavg'] as { start: string; end: string } | undefined;
    const value = r.value < 0 ? `error: ${(typeof r['error'] === 'string' ? r['error'] : '').slice(0, 80)}` : `${r.value} ${r.unit}`;
    rows.push(`| ${name} | ${value} | ${targetText(r)} | ${r.pass ? 'yes' : '**no**'} | ${spread(r)} | ${size(r)} | ${load ? `${load.start} → ${load.end}` : ''} |`);
  }
  return rows.join('\n');
}

export function machineText(machine: MachineInfo, plan: Plan, load: { start: string; end: string }): string {
  return [
    `Run: \`${plan.mode}\` on ${machine.date.slice(0, 16).replace('T', ' ')} UTC — ${machine.cores} cores, ${machine.cpuModel}, ${machine.ramGiB} GiB RAM, Node ${machine.node}.`,
    `Load average (1/5/15 min) at start: ${load.start}; at end: ${load.end}. Latency L = ${plan.latencyMs} ms per request, C = 8 requests in flight.`,
  ].join('\n');
}

export function writeResults(file: string, results: Results): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
}

/** Replaces what is between the markers; the rest of the document is left as written. */
export function updateDoc(file: string, block: string): void {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`${file} has no ${START_MARKER} … ${END_MARKER} block`);
  fs.writeFileSync(file, `${text.slice(0, start + START_MARKER.length)}\n${block}\n${text.slice(end)}`);
}
