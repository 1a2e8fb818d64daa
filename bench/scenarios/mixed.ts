/**
 * mixed_fallback: a package.json (with lockfile) and a requirements.txt opened together, a third of
 * the versions uncertified (registry advisories needed) and a third certified without an advisory
 * snapshot (verify needed). The bound is computed from the requests the registry really received.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LoggedRequest } from '../../test/registry';
import { benchData, writeNpmProject, writeRequirements } from '../lib/fixtures';
import { summarize } from '../lib/measure';
import { withRegistry } from '../lib/registry';
import { logShape } from '../lib/requestLog';
import { MAX_CONCURRENT, openAndComplete, startBenchServer } from '../lib/server';
import type { Plan, Results } from '../lib/scenario';

/**
 * The shortest time the logged requests can take with C in flight on one host (every endpoint is on
 * the one local registry) and latency L each: no better than ceil(R/C)·L, and the single npm bulk
 * POST can only leave after every npm certificate came back (it needs to know which are uncertified).
 */
export function mixedBoundMs(requests: readonly LoggedRequest[], latencyMs: number): { boundMs: number; distinct: number } {
  const distinct = new Set(requests.map((r) => `${r.method} ${r.rawPath} ${r.body ?? ''}`)).size;
  const npmCertificates = requests.filter((r) => r.endpoint === 'certificate' && r.registry === 'npm').length;
  const hasBulk = requests.some((r) => r.endpoint === 'npmBulk');
  const slots = Math.max(Math.ceil(distinct / MAX_CONCURRENT), hasBulk ? Math.ceil(npmCertificates / MAX_CONCURRENT) + 1 : 0, 2);
  return { boundMs: slots * latencyMs, distinct };
}

export async function mixedScenario(plan: Plan, workDir: string): Promise<Results> {
  const each = plan.mixedEach;
  const bulk = benchData({ npm: each, pypi: each, uncertified: 1 / 3, noSnapshot: 1 / 2 });
  const ratios: number[] = [];
  const times: number[] = [];
  let requests = 0;
  let distinct = 0;
  const bulkRequests: number[] = [];
  let bound = 0;
  let byEndpoint: Record<string, number> = {};
  const inFlight: number[] = [];
  await withRegistry(bulk.data, plan.latencyMs, async (registry) => {
    for (let run = 0; run < plan.mixedRuns; run++) {
      const dir = path.join(workDir, `mixed-${run}`);
      const npm = writeNpmProject(path.join(dir, 'web'), registry.url, bulk.npmNames);
      const pypi = writeRequirements(path.join(dir, 'api'), bulk.pypiNames);
      const server = await startBenchServer(registry.url, path.join(dir, 'cache'));
      try {
        registry.clearLog();
        const timing = await openAndComplete(server.client, [npm, pypi], 60_000 + each * 100);
        const log = [...registry.requests];
        const computed = mixedBoundMs(log, plan.latencyMs);
        ratios.push(timing.completeMs / computed.boundMs);
        times.push(timing.completeMs);
        requests = log.length;
        distinct = computed.distinct;
        bound = computed.boundMs;
        inFlight.push(logShape(log).avgInFlight);
        bulkRequests.push(log.filter((r) => r.endpoint === 'npmBulk').length);
        byEndpoint = {};
        for (const r of log) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
      } finally {
        await server.client.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  const ratio = summarize(ratios, 3);
  const ms = summarize(times);
  const oneBulk = bulkRequests.every((b) => b === 1);
  return {
    mixed_fallback: {
      value: ratio.value,
      unit: 'ratio',
      target: 1.3,
      pass: ratio.value <= 1.3 && oneBulk,
      min: ratio.min,
      max: ratio.max,
      runs: ratio.runs,
      N: each * 2,
      requests,
      distinctRequests: distinct,
      boundMs: bound,
      ms: ms.value,
      msMin: ms.min,
      msMax: ms.max,
      npmBulkRequests: Math.max(...bulkRequests),
      byEndpoint,
      avgInFlight: summarize(inFlight, 2).value,
    },
  };
}
