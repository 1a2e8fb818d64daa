/**
 * naive_speedup: the cold 1,000-dependency check done the simplest way — one certificate request
 * at a time, no cache — against the same registry and latency, compared with the server's cold time.
 */
import { benchData, VERSION } from '../lib/fixtures';
import { summarize, round } from '../lib/measure';
import { withRegistry } from '../lib/registry';
import { atLeast, type Plan, type Results } from '../lib/scenario';

async function naiveCheck(registryUrl: string, names: readonly string[]): Promise<number> {
  const t0 = performance.now();
  for (const name of names) {
    const answer = await fetch(`${registryUrl}/api/v1/public/packages/npm/${encodeURIComponent(name)}/${VERSION}`, { headers: { accept: 'application/json' } });
    if (answer.status !== 200) throw new Error(`naive client: ${name} answered ${answer.status}`);
    await answer.json();
  }
  return performance.now() - t0;
}

export async function naiveScenario(plan: Plan, coldCompleteMs: number): Promise<Results> {
  const bulk = benchData({ npm: plan.coldN, pypi: 0, uncertified: 0, noSnapshot: 0 });
  const times: number[] = [];
  await withRegistry(bulk.data, plan.latencyMs, async (registry) => {
    for (let run = 0; run < plan.naiveRuns; run++) times.push(await naiveCheck(registry.url, bulk.npmNames));
  });
  const naive = summarize(times);
  const speedup = round(naive.value / coldCompleteMs, 2);
  return { naive_speedup: atLeast(speedup, 7, 'ratio', { runs: naive.runs, N: plan.coldN, naiveMs: naive.value, naiveMin: naive.min, naiveMax: naive.max, serverColdMs: coldCompleteMs }) };
}
