/**
 * The load and soak run, shared by the CI-size test (test/reliability/load.test.ts) and the long run
 * (`npm run soak`, test/soak/run.ts): many manifests open at once against the local registry with
 * injected faults and latency, then re-check after re-check (`sigma/refresh`), measuring the server
 * process (RSS, open file descriptors), the registry's concurrency and the server's error log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateBulkData, type Fault } from '../registry';
import { settle, refresh, startServerEnv, writeFile } from '../reliability/harness';
import { inspectorUrl, liveHeapMb } from './liveHeap';

export interface SoakOptions {
  manifests: number;
  depsPerManifest: number;
  /** Distinct packages the manifests draw from (they overlap, as real workspaces do). */
  uniquePackages: number;
  /** Re-check rounds before the measured ones: the server's caches fill during the first. */
  warmupRounds: number;
  /** Each round re-checks every open manifest once. */
  rounds: number;
  /** Share of packages (0..1) whose requests get a fault. */
  faultRate: number;
  latencyMs: number;
  maxConcurrentRequests: number;
  /** The faults handed out in turn to the faulty packages; default: every self-ending fault of docs/registry-api.md §6. */
  faults?: Fault[];
  onRound?: (round: number, figures: { rssMb: number; fds: number; ms: number }) => void;
}

export interface SoakFigures {
  rechecks: number;
  dependenciesPerRound: number;
  msPerRound: number;
  /** Live heap (after a full garbage collection) after warm-up and at the end, in MB. */
  heapAfterWarmupMb: number;
  heapAtEndMb: number;
  /** (heapAtEndMb − heapAfterWarmupMb) / heapAfterWarmupMb: what the server still holds, so it grows with a leak only. */
  heapGrowth: number;
  /** RSS after warm-up and at the end, for the record: it follows V8's heap sizing and the moment of the last collection too. */
  rssAfterWarmupMb: number;
  rssAtEndMb: number;
  fdsAfterWarmup: number;
  fdsAtEnd: number;
  registryMaxInFlight: number;
  requests: number;
  /** Lines of the server's log and stderr that report an unhandled rejection, uncaught exception or failed handler. */
  errors: string[];
  /** Dependencies shown as approved whose package has no certificate (must be 0). */
  wronglyApproved: number;
}

/** Every fault of docs/registry-api.md §6 that ends on its own (held requests would only measure the timeout). */
const FAULT_CYCLE: Fault[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, retryAfter: '0' },
  { kind: 'status', status: 500 },
  { kind: 'reset' },
  { kind: 'non-json' },
  { kind: 'non-object' },
  { kind: 'identity-mismatch' },
  { kind: 'latency', ms: 150 },
];

function procStatus(pid: number): { rssMb: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssMb: rssKb / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

export async function runSoak(opts: SoakOptions): Promise<SoakFigures> {
  const { data, npmNames } = generateBulkData({ npmCount: opts.uniquePackages, pypiCount: 0 });
  const env = await startServerEnv({
    data,
    // The inspector on a free loopback port, for the live-heap measurement (./liveHeap.ts).
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, '--inspect=127.0.0.1:0'].filter(Boolean).join(' ') },
    latencyMs: opts.latencyMs,
    settings: { maxConcurrentRequests: opts.maxConcurrentRequests, requestTimeoutMs: 5000 },
  });
  try {
    const { client, registry } = env;
    const faulty = npmNames.filter((_, i) => i % Math.round(1 / opts.faultRate) === 0);
    faulty.forEach((name, i) => registry.addFault({ package: name, fault: (opts.faults ?? FAULT_CYCLE)[i % (opts.faults ?? FAULT_CYCLE).length] }));

    const uris: string[] = [];
    await settle(
      client,
      async () => {
        for (let m = 0; m < opts.manifests; m++) {
          const deps: Record<string, string> = {};
          for (let j = 0; j < opts.depsPerManifest; j++) deps[npmNames[(m * 37 + j) % npmNames.length]] = '1.0.0';
          const text = `${JSON.stringify({ name: `app-${m}`, dependencies: deps }, null, 2)}\n`;
          const { uri } = writeFile(env.dir, path.join(`m${m}`, 'package.json'), text);
          uris.push(uri);
          await client.open(uri, 'json', text);
        }
      },
      'every manifest to be checked',
      uris,
      300_000,
    );
    const pid = client.child.pid!;
    for (let i = 0; i < opts.warmupRounds; i++) await refresh(client, uris, 300_000);
    const inspector = inspectorUrl(client.stderr);
    const warm = { ...procStatus(pid), heapMb: await liveHeapMb(inspector) };
    registry.resetStats();
    const started = performance.now();
    let summary = await client.connection.sendRequest<{ dependencies: Array<{ name: string; status: string }> }>('sigma/summary');
    for (let round = 1; round <= opts.rounds; round++) {
      const t = performance.now();
      summary = await refresh(client, uris, 300_000);
      opts.onRound?.(round, { ...procStatus(pid), ms: performance.now() - t });
    }
    const msPerRound = (performance.now() - started) / Math.max(1, opts.rounds);
    const end = { ...procStatus(pid), heapMb: await liveHeapMb(inspector) };
    const certified = new Set(Object.values(data.certificates).map((c) => c.packageName));
    const errorLines = [...client.logMessages, ...client.stderr.split('\n')].filter((l) => /unhandled rejection|uncaught exception|failed: \w*Error|out of memory/i.test(l));
    return {
      rechecks: opts.rounds * opts.manifests,
      dependenciesPerRound: summary.dependencies.length,
      msPerRound,
      heapAfterWarmupMb: warm.heapMb,
      heapAtEndMb: end.heapMb,
      heapGrowth: (end.heapMb - warm.heapMb) / warm.heapMb,
      rssAfterWarmupMb: warm.rssMb,
      rssAtEndMb: end.rssMb,
      fdsAfterWarmup: warm.fds,
      fdsAtEnd: end.fds,
      registryMaxInFlight: registry.maxInFlight(),
      requests: registry.requests.length,
      errors: errorLines,
      wronglyApproved: summary.dependencies.filter((d) => d.status === 'approved' && !certified.has(d.name)).length,
    };
  } finally {
    await env.stop();
  }
}
