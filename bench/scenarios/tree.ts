/**
 * The whole tree (issue 13, docs/tree.md): a package.json with 50 direct dependencies whose
 * package-lock.json installs 3,000 packages (full size; SIZES), against the registry with latency L and C requests in
 * flight per host. Figures: when every direct result is first published (the tree must not delay
 * it: compared with the same project and `sigma.transitive: false`), when the whole tree is
 * complete (against ceil(3,050 / C) × L, the network's bound for every version once), requests per
 * name@version, the server's RSS after it, and a warm restart on the cache it wrote.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { LocalRegistry } from '../../test/registry';
import { TestLspClient } from '../../test/helpers/lspClient';
import { VERSION, benchData } from '../lib/fixtures';
import { cpuMs, rssMiB } from '../lib/machine';
import { logShape } from '../lib/requestLog';
import { summarize } from '../lib/measure';
import { withRegistry } from '../lib/registry';
import { MAX_CONCURRENT } from '../lib/server';
import { atMost, type Plan, type Results } from '../lib/scenario';

/** The issue's shape at full size; quick and smoke runs use smaller trees of the same form. */
const SIZES: Record<Plan['mode'], { direct: number; packages: number }> = {
  full: { direct: 50, packages: 3000 },
  quick: { direct: 50, packages: 1000 },
  smoke: { direct: 10, packages: 200 },
};

interface TreeProject {
  uri: string;
  text: string;
  direct: string[];
  /** Distinct packages below each direct dependency, as the server counts them (cycles cut). */
  below: Map<string, number>;
}

/**
 * 50 direct dependencies over 3,000 lockfile packages: package j (after the direct ones) hangs
 * below package ⌊(j − 50) / 2⌋, so each direct dependency roots a binary tree about six levels
 * deep; every tenth package is also required by a second, earlier one, so subtrees share packages.
 */
function writeTreeProject(dir: string, registryUrl: string, names: readonly string[], size: { direct: number; packages: number }): TreeProject {
  fs.mkdirSync(dir, { recursive: true });
  const all = names.slice(0, size.packages);
  const direct = all.slice(0, size.direct);
  const children = new Map<number, number[]>();
  const edge = (from: number, to: number): void => {
    const list = children.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    children.set(from, list);
  };
  for (let j = size.direct; j < all.length; j++) {
    edge(Math.floor((j - size.direct) / 2), j);
    if (j % 10 === 0 && j - 137 >= 0) edge(j - 137, j);
  }
  const packages: Record<string, unknown> = { '': { name: 'tree-bench', version: '1.0.0', dependencies: Object.fromEntries(direct.map((n) => [n, VERSION])) } };
  all.forEach((n, i) => {
    const deps = (children.get(i) ?? []).map((c) => all[c]);
    packages[`node_modules/${n}`] = { version: VERSION, resolved: `${registryUrl}/${n}/-/${n}-${VERSION}.tgz`, ...(deps.length > 0 ? { dependencies: Object.fromEntries(deps.map((d) => [d, VERSION])) } : {}) };
  });
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'tree-bench', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  const text = `{\n  "name": "tree-bench",\n  "version": "1.0.0",\n  "dependencies": {\n${direct.map((n) => `    "${n}": "${VERSION}"`).join(',\n')}\n  }\n}\n`;
  const file = path.join(dir, 'package.json');
  fs.writeFileSync(file, text);
  const below = new Map<string, number>();
  direct.forEach((name, i) => {
    const seen = new Set<number>([i]);
    const queue = [i];
    for (let h = 0; h < queue.length; h++) {
      for (const c of children.get(queue[h]) ?? []) {
        if (seen.has(c)) continue;
        seen.add(c);
        queue.push(c);
      }
    }
    below.set(name, seen.size - 1);
  });
  return { uri: pathToFileURL(file).href, text, direct, below };
}

/** Every direct dependency has its own result: bench data gives each certified version one retained-warning diagnostic. */
function directDone(p: TreeProject, params: PublishDiagnosticsParams): boolean {
  const lines = new Set(params.diagnostics.filter((d) => d.code === 'retained-warning').map((d) => d.range.start.line));
  return lines.size >= p.direct.length;
}

/**
 * Every tree package has its result: each direct dependency's `transitive` diagnostic names all the
 * packages below it (every certificate carries a retained warning, so each one needs attention).
 */
function treeDone(p: TreeProject, params: PublishDiagnosticsParams): boolean {
  const transitive = params.diagnostics.filter((d) => d.code === 'transitive');
  if (transitive.length < [...p.below.values()].filter((n) => n > 0).length) return false;
  return transitive.every((d) => {
    const m = /^(\S+) \S+ brings in (\d+) package/.exec(typeof d.message === 'string' ? d.message : d.message.value);
    return m !== null && Number(m[2]) === p.below.get(m[1]);
  });
}

interface Run {
  directMs: number;
  treeMs: number;
  requests: number;
  maxPerVersion: number;
  bulkPosts: number;
  rss: number;
  /** Server CPU from didOpen to the complete tree (/proc/<pid>/stat). */
  cpuMs: number;
  /** Mean requests in flight at the registry between the first request and the last answer. */
  avgInFlight: number;
  /** Publishes of the document from didOpen to the complete tree. */
  publishes: number;
  /** didOpen → the first tree (non-direct) certificate request the registry saw. */
  firstTreeRequestMs: number;
  warmMs: number;
  warmRequests: number;
}

async function start(registryUrl: string, cacheDir: string, transitive: boolean): Promise<TestLspClient> {
  const { client } = await TestLspClient.start({ cacheDir, settings: { apiUrl: registryUrl, npmRegistryUrl: registryUrl, pypiUrl: registryUrl, maxConcurrentRequests: MAX_CONCURRENT, transitive } });
  return client;
}

/** didOpen → the first publish passing `done`. */
async function openUntil(client: TestLspClient, p: TreeProject, timeoutMs: number, done: Array<(params: PublishDiagnosticsParams) => boolean>): Promise<number[]> {
  const from = client.publishLog.length;
  const t0 = performance.now();
  await client.open(p.uri, 'json', p.text);
  const at = (check: (params: PublishDiagnosticsParams) => boolean): number | undefined => client.publishLog.slice(from).find((e) => e.params.uri === p.uri && check(e.params))?.at;
  await client.waitFor(() => done.every((d) => at(d) !== undefined), 'the tree bench document', timeoutMs);
  return done.map((d) => at(d)! - t0);
}

async function oneRun(registry: LocalRegistry, names: readonly string[], dir: string, size: { direct: number; packages: number }): Promise<Run> {
  const p = writeTreeProject(path.join(dir, 'project'), registry.url, names, size);
  const cacheDir = path.join(dir, 'cache');
  const cold = await start(registry.url, cacheDir, true);
  let run: Omit<Run, 'warmMs' | 'warmRequests'>;
  try {
    registry.clearLog();
    const pid = cold.child.pid;
    if (pid === undefined) throw new Error('the server process has no pid');
    const cpu0 = cpuMs(pid);
    const publishes0 = cold.publishLog.length;
    const wall0 = Date.now();
    const [directMs, treeMs] = await openUntil(cold, p, 120_000, [(x) => directDone(p, x), (x) => treeDone(p, x)]);
    const cpu = cpuMs(pid) - cpu0;
    const directNames = new Set(p.direct);
    const firstTree = Math.min(...registry.requests.filter((r) => r.endpoint === 'certificate' && !directNames.has(r.package ?? '')).map((r) => r.startedAt));
    const perVersion = new Map<string, number>();
    for (const r of registry.requests) {
      if (r.endpoint !== 'certificate') continue;
      const key = `${r.package ?? ''}@${r.version ?? ''}`;
      perVersion.set(key, (perVersion.get(key) ?? 0) + 1);
    }
    run = {
      directMs,
      treeMs,
      requests: registry.requests.length,
      maxPerVersion: Math.max(...perVersion.values()),
      bulkPosts: registry.requests.filter((r) => r.endpoint === 'npmBulk').length,
      rss: rssMiB(pid),
      cpuMs: cpu,
      avgInFlight: logShape(registry.requests).avgInFlight,
      publishes: cold.publishLog.slice(publishes0).filter((e) => e.params.uri === p.uri).length,
      firstTreeRequestMs: firstTree - wall0,
    };
  } finally {
    await cold.stop(); // writes the cache the warm run reads
  }
  const warm = await start(registry.url, cacheDir, true);
  try {
    registry.clearLog();
    const [warmMs] = await openUntil(warm, p, 60_000, [(x) => treeDone(p, x)]);
    return { ...run, warmMs, warmRequests: registry.requests.length };
  } finally {
    await warm.stop();
  }
}

/** The same project with `sigma.transitive: false`: when the direct results are published without the tree. */
async function directOnly(registry: LocalRegistry, names: readonly string[], dir: string, size: { direct: number; packages: number }): Promise<number> {
  const p = writeTreeProject(path.join(dir, 'project'), registry.url, names, size);
  const client = await start(registry.url, path.join(dir, 'cache'), false);
  try {
    const [ms] = await openUntil(client, p, 60_000, [(x) => directDone(p, x)]);
    return ms;
  } finally {
    await client.stop();
  }
}

export async function treeScenario(plan: Plan, workDir: string): Promise<Results> {
  const size = SIZES[plan.mode];
  const bulk = benchData({ npm: size.packages, pypi: 0, uncertified: 0, noSnapshot: 0 });
  const runs: Run[] = [];
  const without: number[] = [];
  await withRegistry(bulk.data, plan.latencyMs, async (registry) => {
    for (let i = 0; i < plan.runs; i++) {
      without.push(await directOnly(registry, bulk.npmNames, path.join(workDir, `tree-off-${i}`), size));
      runs.push(await oneRun(registry, bulk.npmNames, path.join(workDir, `tree-${i}`), size));
      fs.rmSync(path.join(workDir, `tree-off-${i}`), { recursive: true, force: true });
      fs.rmSync(path.join(workDir, `tree-${i}`), { recursive: true, force: true });
    }
  });
  // The issue's bound counts every package once plus the direct ones again: ceil(3,050 / C) × L at full size.
  const bound = Math.ceil((size.packages + size.direct) / MAX_CONCURRENT) * plan.latencyMs;
  const direct = summarize(runs.map((r) => r.directMs));
  const off = summarize(without);
  const tree = summarize(runs.map((r) => r.treeMs));
  const ratio = summarize(runs.map((r) => r.treeMs / bound), 3);
  const rss = summarize(runs.map((r) => r.rss));
  const warm = summarize(runs.map((r) => r.warmMs));
  const maxOf = (pick: (r: Run) => number): number => Math.max(...runs.map(pick));
  const shape = { N: size.packages, direct: size.direct, L: plan.latencyMs, C: MAX_CONCURRENT };
  return {
    tree_direct_first_publish: {
      ...atMost(direct.value, 300, 'ms', { min: direct.min, max: direct.max, runs: direct.runs, ...shape, withoutTreeMs: off.value, withoutTreeMin: off.min, withoutTreeMax: off.max }),
      note: 'didOpen to the first publish with every direct result; withoutTreeMs: the same project with sigma.transitive false',
    },
    tree_complete: atMost(ratio.value, 1.15, 'ratio', { min: ratio.min, max: ratio.max, runs: ratio.runs, ...shape, boundMs: bound, ms: tree.value, msMin: tree.min, msMax: tree.max, requests: maxOf((r) => r.requests), npmBulkPosts: maxOf((r) => r.bulkPosts), serverCpuMs: summarize(runs.map((r) => r.cpuMs)).value, avgInFlight: summarize(runs.map((r) => r.avgInFlight), 2).value, publishes: summarize(runs.map((r) => r.publishes)).value, firstTreeRequestMs: summarize(runs.map((r) => r.firstTreeRequestMs)).value }),
    tree_requests_per_version: { value: maxOf((r) => r.maxPerVersion), unit: 'count', target: 1, pass: maxOf((r) => r.maxPerVersion) === 1, runs: runs.length, ...shape, note: 'most certificate requests for one name@version in a cold check' },
    tree_server_rss: atMost(rss.value, 150, 'MB', { min: rss.min, max: rss.max, runs: rss.runs, ...shape }),
    tree_warm_restart: { ...atMost(maxOf((r) => r.warmRequests), 0, 'count', { runs: runs.length, ...shape, ms: warm.value, msMin: warm.min, msMax: warm.max }), note: 'requests when a new server opens the project on the cache the cold run wrote' },
  };
}

