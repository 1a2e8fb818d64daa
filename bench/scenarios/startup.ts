/** server_start: spawning `dist/server.js --stdio` until the initialize result arrives. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cpuMs } from '../lib/machine';
import { summarize } from '../lib/measure';
import { startBenchServer } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';

export async function startupScenario(plan: Plan, workDir: string): Promise<Results> {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < plan.startRuns; run++) {
    const cacheDir = path.join(workDir, `start-${run}`);
    // Nothing is asked of the network before a document opens, so no registry is needed.
    const server = await startBenchServer('http://127.0.0.1:9', cacheDir);
    times.push(server.startMs);
    cpu.push(cpuMs(server.pid));
    await server.client.stop();
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  const s = summarize(times);
  return { server_start: atMost(s.value, 150, 'ms', { min: s.min, max: s.max, runs: s.runs, serverCpuMs: summarize(cpu).value }) };
}
