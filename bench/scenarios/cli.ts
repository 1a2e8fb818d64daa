/**
 * The CLI on the same 1,000-dependency project as the LSP cold run (issue 16):
 * cli_cold — a fresh cache: spawn → exit less a bare `node -e 0` start measured beside it (the
 * process start is excluded, as in the issue), as a ratio to ceil(N/C)·L;
 * cli_warm — the cache that run filled: spawn → exit as a ratio to a bare node start, 0 requests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registryFlags, runCli } from '../../test/helpers/cliRunner';
import { bareNodeStartMs } from '../lib/bareNode';
import { benchData, writeNpmProject } from '../lib/fixtures';
import { summarize } from '../lib/measure';
import { withRegistry } from '../lib/registry';
import { logShape } from '../lib/requestLog';
import { MAX_CONCURRENT } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';

async function timedCli(args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await runCli(args);
  const ms = performance.now() - t0;
  // With --fail-on never only an incomplete check (3) or a fatal error (2) exits non-zero: then the figure means nothing.
  if (r.code !== 0) throw new Error(`sigma-trust exited ${String(r.code)}: ${r.stderr.slice(-500)}`);
  return ms;
}

export async function cliScenarios(plan: Plan, workDir: string): Promise<Results> {
  const n = plan.coldN;
  const bulk = benchData({ npm: n, pypi: 0, uncertified: 0, noSnapshot: 0 });
  const bound = Math.ceil(n / MAX_CONCURRENT) * plan.latencyMs;
  const cold: number[] = [];
  const warm: number[] = [];
  const bare: number[] = [];
  const coldMs: number[] = [];
  const inFlight: number[] = [];
  let coldRequests = 0;
  let warmRequests = 0;
  await withRegistry(bulk.data, plan.latencyMs, async (registry) => {
    for (let run = 0; run < plan.runs; run++) {
      const dir = path.join(workDir, `cli-${run}`);
      const manifest = writeNpmProject(path.join(dir, 'project'), registry.url, bulk.npmNames);
      const args = ['check', path.dirname(new URL(manifest.uri).pathname), '--format', 'json', '--fail-on', 'never', '--cache-dir', path.join(dir, 'cache'), '--max-concurrent-requests', String(MAX_CONCURRENT), ...registryFlags(registry.url)];
      try {
        const nodeMs = await bareNodeStartMs();
        bare.push(nodeMs);
        registry.clearLog();
        const c = await timedCli(args);
        coldMs.push(c);
        coldRequests = Math.max(coldRequests, registry.requests.length);
        inFlight.push(logShape(registry.requests).avgInFlight);
        cold.push((c - nodeMs) / bound);
        registry.clearLog();
        warm.push((await timedCli(args)) / nodeMs);
        warmRequests = Math.max(warmRequests, registry.requests.length);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  const c = summarize(cold, 3);
  const w = summarize(warm, 3);
  const b = summarize(bare);
  return {
    cli_cold: atMost(c.value, 1.1, 'ratio', { min: c.min, max: c.max, runs: c.runs, N: n, boundMs: bound, ms: summarize(coldMs).value, bareNodeMs: b.value, requests: coldRequests, avgInFlight: summarize(inFlight, 2).value }),
    cli_warm: { ...atMost(w.value, 2, 'ratio', { min: w.min, max: w.max, runs: w.runs, N: n, bareNodeMs: b.value, requests: warmRequests }), pass: w.value <= 2 && warmRequests === 0 },
  };
}
