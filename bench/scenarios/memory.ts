/**
 * server_rss with many cached certificates: one server checks a manifest of that many exact pins
 * (no latency: only the memory matters here), then its resident set is read from /proc.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { benchData, writeNpmProject } from '../lib/fixtures';
import { rssMiB } from '../lib/machine';
import { round } from '../lib/measure';
import { withRegistry } from '../lib/registry';
import { openAndComplete, startBenchServer } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';

export async function memoryScenario(plan: Plan, workDir: string): Promise<Results> {
  const n = plan.rssCertificates;
  const bulk = benchData({ npm: n, pypi: 0, uncertified: 0, noSnapshot: 0 });
  return withRegistry(bulk.data, 0, async (registry) => {
    const dir = path.join(workDir, 'memory');
    const manifest = writeNpmProject(path.join(dir, 'project'), registry.url, bulk.npmNames);
    const server = await startBenchServer(registry.url, path.join(dir, 'cache'));
    try {
      const timing = await openAndComplete(server.client, [manifest], 120_000 + n * 20);
      const rss = round(rssMiB(server.pid));
      return { server_rss_cached_certificates: atMost(rss, 150, 'MB', { N: n, requests: registry.requests.length, checkMs: round(timing.completeMs), runs: 1 }) };
    } finally {
      await server.client.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
