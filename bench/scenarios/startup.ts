/**
 * server_start: spawning `dist/server.js --stdio` until the initialize result arrives; and
 * server_start_vs_node: the same as a ratio to a bare `node -e 0` start, the two interleaved in one
 * run so the machine's load weighs on both alike (issue 16: ≤ 1.3).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bareNodeStartMs } from '../lib/bareNode';
import { cpuMs } from '../lib/machine';
import { summarize } from '../lib/measure';
import { startBenchServer } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';

export async function startupScenario(plan: Plan, workDir: string): Promise<Results> {
  const times: number[] = [];
  const cpu: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < plan.startRuns; run++) {
    bare.push(await bareNodeStartMs());
    const cacheDir = path.join(workDir, `start-${run}`);
    // Nothing is asked of the network before a document opens, so no registry is needed.
    const server = await startBenchServer('http://127.0.0.1:9', cacheDir);
    times.push(server.startMs);
    cpu.push(cpuMs(server.pid));
    await server.client.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  const s = summarize(times);
  const b = summarize(bare);
  const ratio = summarize(times.map((t, i) => t / bare[i]), 3);
  return {
    server_start: atMost(s.value, 150, 'ms', { min: s.min, max: s.max, runs: s.runs, serverCpuMs: summarize(cpu).value }),
    server_start_vs_node: atMost(ratio.value, 1.3, 'ratio', { min: ratio.min, max: ratio.max, runs: ratio.runs, serverMs: s.value, bareNodeMs: b.value, bareNodeMin: b.min, bareNodeMax: b.max }),
  };
}
