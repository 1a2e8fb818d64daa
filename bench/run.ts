/**
 * The benchmark suite (issue 7): the real built server over LSP and a naive client against the
 * local registry with injected latency, plus startup, memory, package size and parser figures.
 *
 *   node --import tsx bench/run.ts            full: writes bench/results.json and docs/benchmarks.md
 *   node --import tsx bench/run.ts --quick    same scenarios, smaller N (under a minute)
 *   node --import tsx bench/run.ts --smoke    tiny N, checks every scenario runs and yields numbers;
 *                                             writes to bench/.tmp/ only and never fails on timing
 *   --only=cold,mixed                         only the groups whose name contains one of these; written to bench/.tmp/
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAverage, machineInfo } from './lib/machine';
import { machineText, resultsTable, updateDoc, writeResults } from './lib/report';
import { PLANS, type Plan, type Results } from './lib/scenario';
import { cliScenarios } from './scenarios/cli';
import { coldScenarios } from './scenarios/cold';
import { memoryScenario } from './scenarios/memory';
import { mixedScenario } from './scenarios/mixed';
import { naiveScenario } from './scenarios/naive';
import { parseScenarios } from './scenarios/parse';
import { startupScenario } from './scenarios/startup';
import { treeScenario } from './scenarios/tree';
import { vsixScenario } from './scenarios/vsix';

const ROOT = path.resolve(__dirname, '..');

function planFromArgs(argv: readonly string[]): Plan {
  if (argv.includes('--smoke')) return PLANS.smoke;
  if (argv.includes('--quick')) return PLANS.quick;
  return PLANS.full;
}

async function main(): Promise<number> {
  const plan = planFromArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist/server.js'))) throw new Error('dist/server.js is missing: run `node esbuild.js` first');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-bench-'));
  const machine = machineInfo();
  const loadStart = loadAverage();
  const results: Results = {};
  const failures: string[] = [];

  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

  /** Runs one group, tags each figure with the load around it, and keeps going when one group breaks. */
  async function group(name: string, body: () => Promise<Results>): Promise<void> {
    if (only && !only.some((o) => name.includes(o))) return;
    const start = loadAverage();
    const t0 = performance.now();
    process.stdout.write(`… ${name}\n`);
    try {
      const got = await body();
      const end = loadAverage();
      for (const [key, r] of Object.entries(got)) {
        results[key] = { ...r, loadavg: { start, end } };
        if (!Number.isFinite(r.value)) failures.push(`${key}: no number (${String(r.value)})`);
        else if (r.value < 0) failures.push(`${key}: ${typeof r['error'] === 'string' ? r['error'] : 'failed'}`);
      }
    } catch (error) {
      failures.push(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    process.stdout.write(`  ${name} took ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }

  let coldMs: number | undefined;
  try {
    await group('server_start', () => startupScenario(plan, workDir));
    await group('cold / warm / edits', async () => {
      const cold = await coldScenarios(plan, workDir);
      coldMs = cold.coldCompleteMs;
      return cold.results;
    });
    await group('naive_speedup', async () => {
      if (coldMs === undefined) throw new Error('needs the cold figure, which failed');
      return naiveScenario(plan, coldMs);
    });
    await group('cli cold / warm', () => cliScenarios(plan, workDir));
    await group('mixed_fallback', () => mixedScenario(plan, workDir));
    await group('tree (50 direct, 3,000 in the lockfile)', () => treeScenario(plan, workDir));
    await group('server_rss (cached certificates)', () => memoryScenario(plan, workDir));
    await group('parsers', () => parseScenarios(plan));
    await group('vsix_size', () => vsixScenario());
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }

  const load = { start: loadStart, end: loadAverage() };
  const table = resultsTable(results);
  const block = `${machineText(machine, plan, load)}\n\n${table}`;
  console.log(`\n${block}\n`);
  if (plan.mode === 'smoke' || only) {
    const tmp = path.join(ROOT, 'bench/.tmp');
    writeResults(path.join(tmp, 'results.json'), results);
    fs.writeFileSync(path.join(tmp, 'benchmarks-table.md'), `${block}\n`);
  } else {
    writeResults(path.join(ROOT, 'bench/results.json'), results);
    updateDoc(path.join(ROOT, 'docs/benchmarks.md'), `${block}\n\n${plan.mode === 'quick' ? '_Quick run: smaller N, fewer runs._' : '_Full run._'}`);
  }
  for (const f of failures) console.error(`FAILED TO RUN: ${f}`);
  const missed = Object.entries(results).filter(([, r]) => !r.pass).map(([k]) => k);
  console.log(`${Object.keys(results).length} figures, ${missed.length} over target${missed.length ? `: ${missed.join(', ')}` : ''}; ${failures.length} scenario errors`);
  // Timing never fails a run (smoke included); only a scenario that could not run or gave no number does.
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
