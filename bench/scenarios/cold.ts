/**
 * The 1,000-dependency package.json with its lockfile, against the registry with latency L:
 * cold_complete, cold_first_publish and server_rss on a fresh server and empty cache; then a new
 * server on the cache the cold run wrote (warm_restart); then edits on that warm document
 * (edit_p95, and one edit that moves one version: edit_one_version).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LocalRegistry } from '../../test/registry';
import { EDITED_VERSION, benchData, packageJsonText, writeNpmProject, writePackageLock } from '../lib/fixtures';
import { cpuMs, rssMiB } from '../lib/machine';
import { percentile, round, summarize } from '../lib/measure';
import { MAX_CONCURRENT, changeAndSettle, openAndComplete, startBenchServer } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';
import { withRegistry } from '../lib/registry';
import { logShape } from '../lib/requestLog';

export interface ColdOutcome {
  results: Results;
  /** Median cold completion, the baseline the naive client is compared with. */
  coldCompleteMs: number;
}

interface RunFigures {
  coldMs: number;
  firstMs: number;
  coldRequests: number;
  coldPublishes: number;
  rss: number;
  coldCpuMs: number;
  avgInFlight: number;
  editCpuMs: number;
  warmMs: number;
  warmRequests: number;
  editP95: number;
  editMax: number;
  editRequests: number;
  editPublishes: number;
  oneVersionCertRequests: number;
  oneVersionRequests: number;
  oneVersionMs: number;
}

export async function coldScenarios(plan: Plan, workDir: string): Promise<ColdOutcome> {
  const n = plan.coldN;
  const bulk = benchData({ npm: n, pypi: 0, uncertified: 0, noSnapshot: 0 });
  const runs: RunFigures[] = [];
  await withRegistry(bulk.data, plan.latencyMs, async (registry) => {
    for (let run = 0; run < plan.runs; run++) runs.push(await oneRun(plan, registry, bulk.npmNames, path.join(workDir, `cold-${run}`)));
  });
  const bound = Math.ceil(n / MAX_CONCURRENT) * plan.latencyMs;
  const cold = summarize(runs.map((r) => r.coldMs));
  const ratio = summarize(runs.map((r) => r.coldMs / bound), 3);
  const first = summarize(runs.map((r) => r.firstMs));
  const warm = summarize(runs.map((r) => r.warmMs));
  const edit = summarize(runs.map((r) => r.editP95), 2);
  const rss = summarize(runs.map((r) => r.rss));
  const maxOf = (pick: (r: RunFigures) => number): number => Math.max(...runs.map(pick));
  const warmRequests = maxOf((r) => r.warmRequests);
  const editRequests = maxOf((r) => r.editRequests);
  const editPublishes = maxOf((r) => r.editPublishes);
  const certRequests = runs.map((r) => r.oneVersionCertRequests);
  const results: Results = {
    cold_complete: atMost(ratio.value, 1.1, 'ratio', { min: ratio.min, max: ratio.max, runs: ratio.runs, N: n, boundMs: bound, ms: cold.value, msMin: cold.min, msMax: cold.max, requests: maxOf((r) => r.coldRequests), publishes: maxOf((r) => r.coldPublishes), serverCpuMs: summarize(runs.map((r) => r.coldCpuMs)).value, avgInFlight: summarize(runs.map((r) => r.avgInFlight), 2).value }),
    cold_first_publish: atMost(first.value, 200, 'ms', { min: first.min, max: first.max, runs: first.runs, N: n }),
    warm_restart: { ...atMost(warm.value, 200, 'ms', { min: warm.min, max: warm.max, runs: warm.runs, N: n, requests: warmRequests }), pass: warm.value <= 200 && warmRequests === 0 },
    edit_p95: { ...atMost(edit.value, 10, 'ms', { min: edit.min, max: edit.max, runs: edit.runs, N: n, edits: plan.edits, worstEditMs: round(maxOf((r) => r.editMax)), serverCpuMsPerEdit: summarize(runs.map((r) => r.editCpuMs), 2).value, requests: editRequests, republishes: editPublishes }), pass: edit.value <= 10 && editRequests === 0 && editPublishes === 0 },
    edit_one_version: {
      value: Math.max(...certRequests),
      unit: 'count',
      target: 1,
      pass: certRequests.every((c) => c === 1),
      runs: runs.length,
      requests: maxOf((r) => r.oneVersionRequests),
      msMedian: summarize(runs.map((r) => r.oneVersionMs)).value,
      note: 'certificate requests after one dependency moved to a new version (includes the 250 ms typing pause)',
    },
    server_rss_after_cold: atMost(rss.value, 120, 'MB', { min: rss.min, max: rss.max, runs: rss.runs, N: n }),
  };
  return { results, coldCompleteMs: cold.value };
}

async function oneRun(plan: Plan, registry: LocalRegistry, names: readonly string[], dir: string): Promise<RunFigures> {
  const project = path.join(dir, 'project');
  const cacheDir = path.join(dir, 'cache');
  const manifest = writeNpmProject(project, registry.url, names);
  const timeout = 60_000 + names.length * 50;

  const cold = await startBenchServer(registry.url, cacheDir);
  let coldTiming;
  let rss;
  let coldRequests;
  let coldCpuMs;
  let avgInFlight;
  try {
    registry.clearLog();
    const cpu0 = cpuMs(cold.pid);
    coldTiming = await openAndComplete(cold.client, [manifest], timeout);
    coldCpuMs = cpuMs(cold.pid) - cpu0;
    coldRequests = registry.requests.length;
    avgInFlight = logShape(registry.requests).avgInFlight;
    rss = rssMiB(cold.pid);
  } finally {
    await cold.client.stop(); // writes the cache the warm run reads
  }

  const warm = await startBenchServer(registry.url, cacheDir);
  try {
    registry.clearLog();
    const warmTiming = await openAndComplete(warm.client, [manifest], timeout);
    const warmRequests = registry.requests.length;

    const editCpu0 = cpuMs(warm.pid);
    const editTimes: number[] = [];
    let editPublishes = 0;
    for (let i = 1; i <= plan.edits; i++) {
      const edit = await changeAndSettle(warm.client, manifest.uri, packageJsonText(names, `edit ${i}`));
      editTimes.push(edit.ms);
      if (edit.published) editPublishes++;
    }
    const editRequests = registry.requests.length - warmRequests;
    const editCpuMs = (cpuMs(warm.pid) - editCpu0) / plan.edits;

    // npm install moved one dependency: the lockfile and the manifest change together.
    const moved = new Map([[names[0], EDITED_VERSION]]);
    writePackageLock(project, registry.url, names, moved);
    registry.clearLog();
    const t0 = performance.now();
    await warm.client.change(manifest.uri, packageJsonText(names, 'moved one', moved));
    const subject = `${names[0]} ${EDITED_VERSION}`;
    await warm.client.waitForDiagnostics(manifest.uri, (d) => d.diagnostics.some((x) => typeof x.message === 'string' && x.message.includes(subject)), `a result for ${subject}`, 10_000);
    const oneVersionMs = performance.now() - t0;
    const oneVersionRequests = registry.requests.length;
    const oneVersionCertRequests = registry.requests.filter((r) => r.endpoint === 'certificate').length;
    return {
      coldMs: coldTiming.completeMs,
      firstMs: coldTiming.firstResultMs,
      coldRequests,
      coldPublishes: coldTiming.publishes,
      rss,
      coldCpuMs,
      avgInFlight,
      editCpuMs,
      warmMs: warmTiming.completeMs,
      warmRequests,
      editP95: percentile(editTimes, 95),
      editMax: Math.max(...editTimes),
      editRequests,
      editPublishes,
      oneVersionCertRequests,
      oneVersionRequests,
      oneVersionMs,
    };
  } finally {
    await warm.client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
