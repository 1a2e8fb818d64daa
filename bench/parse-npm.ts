/**
 * How long the npm parsers take on large synthetic inputs. Budgets: a 20 MB package-lock.json and a
 * 5,000-entry package.json each in well under 100 ms (the lockfile is re-read whenever it changes,
 * package.json on every keystroke). JSON.parse of the same lockfile is measured as the baseline
 * that made the targeted scanner necessary (docs/formats/npm.md).
 *
 *   node --import tsx bench/parse-npm.ts [--quick]
 */
import { parseNpmLockfile } from '../server/src/service/parse/npm/npmLockfile';
import { parsePackageJson } from '../server/src/service/parse/npm/packageJson';

export interface BenchResult {
  value: number;
  unit: 'ms';
  min: number;
  max: number;
}

const TWENTY_MB = 20 * 1024 * 1024;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A small deterministic generator, so every run measures the same text. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

function integrity(next: () => number): string {
  let out = 'sha512-';
  for (let i = 0; i < 86; i++) out += BASE64[Math.floor(next() * 64)];
  return `${out}==`;
}

/**
 * A lockfile shaped like npm's own output: about three quarters of the entries hoisted to the root,
 * the rest nested; each with resolved, integrity, dependencies, and sometimes engines, bin, funding,
 * dev/optional/peer flags. v2 also repeats the tree in `dependencies`, as npm 7–8 writes it.
 */
export function syntheticLockfile(targetSize: number, lockfileVersion: 2 | 3): string {
  const next = random(lockfileVersion);
  const packages: Record<string, unknown> = { '': { name: 'app', version: '1.0.0', dependencies: {} as Record<string, string> } };
  const legacy: Record<string, unknown> = {};
  let size = 0;
  for (let i = 0; size < targetSize; i++) {
    const name = i % 9 === 0 ? `@scope${i % 40}/pkg-${i}` : `package-${i}`;
    const version = `${i % 7}.${i % 23}.${i % 11}`;
    const hoisted = next() < 0.75;
    const location = hoisted ? `node_modules/${name}` : `node_modules/package-${i - 1}/node_modules/${name}`;
    const dependencies: Record<string, string> = {};
    for (let d = Math.floor(next() * 6); d > 0; d--) dependencies[`package-${Math.floor(next() * (i + 1))}`] = `^${d}.0.0`;
    const entry: Record<string, unknown> = {
      version,
      resolved: `https://registry.npmjs.org/${name}/-/${name.replace(/^@[^/]+\//, '')}-${version}.tgz`,
      integrity: integrity(next),
    };
    if (next() < 0.4) entry['dev'] = true;
    if (next() < 0.05) entry['optional'] = true;
    if (Object.keys(dependencies).length > 0) entry['dependencies'] = dependencies;
    if (next() < 0.3) entry['engines'] = { node: '>=12 <22' };
    if (next() < 0.1) entry['bin'] = { [`tool-${i}`]: 'bin/cli.js' };
    if (next() < 0.1) entry['funding'] = { type: 'github', url: `https://github.com/sponsors/user${i}` };
    if (next() < 0.02) entry['peerDependencies'] = { react: '>=16' };
    entry['license'] = 'MIT';
    packages[location] = entry;
    size += serialisedSize(location, entry);
    if (lockfileVersion === 2) {
      const legacyEntry = { version, resolved: entry['resolved'], integrity: entry['integrity'], dev: entry['dev'], requires: dependencies };
      legacy[name] = legacyEntry;
      size += serialisedSize(name, legacyEntry);
    }
  }
  const lock: Record<string, unknown> = { name: 'app', version: '1.0.0', lockfileVersion, requires: true, packages };
  if (lockfileVersion === 2) lock['dependencies'] = legacy;
  return JSON.stringify(lock, null, 2);
}

/** The size of `"key": value` as it appears one level down in a 2-space-indented file. */
function serialisedSize(key: string, value: unknown): number {
  const text = JSON.stringify({ [key]: value }, null, 2);
  return text.length + text.split('\n').length * 2;
}

/** A package.json with `entries` dependencies spread over every section, plus nested overrides. */
export function syntheticPackageJson(entries: number): string {
  const sections: Record<string, Record<string, string>> = { dependencies: {}, devDependencies: {}, peerDependencies: {}, optionalDependencies: {} };
  const names = Object.keys(sections);
  const specs = ['^1.2.3', '~4.5.6', '7.8.9', 'latest', 'npm:lodash@^4.17.0', 'github:user/repo#v1', 'file:../local', 'workspace:*', '>=1 <3 || 5.x'];
  const overrides: Record<string, unknown> = {};
  for (let i = 0; i < entries; i++) {
    if (i % 50 === 49) {
      overrides[`pkg-${i}@^1`] = { '.': '1.2.3', [`inner-${i}`]: '$pkg-0' };
      continue;
    }
    const section = sections[names[i % names.length] ?? 'dependencies'] ?? {};
    section[`pkg-${i}`] = specs[i % specs.length] ?? '*';
  }
  return JSON.stringify({ name: 'big', version: '1.0.0', ...sections, overrides }, null, 2);
}

function summarise(samples: number[]): BenchResult {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return { value: round(sorted[Math.floor(sorted.length / 2)] ?? 0), unit: 'ms', min: round(sorted[0] ?? 0), max: round(sorted[sorted.length - 1] ?? 0) };
}

/**
 * Wall-clock time, and the process's CPU time (all threads, so the garbage collector's helpers are
 * included). The machine is shared: under load the wall clock mostly measures waiting for a core,
 * and the CPU time is the steadier figure for comparing runs.
 */
function measure(run: () => unknown, runs: number): { wall: BenchResult; cpu: BenchResult } {
  for (let i = 0; i < 2; i++) run(); // warm the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall: summarise(wall), cpu: summarise(cpu) };
}

export async function benchNpmParsers(opts: { quick: boolean }): Promise<Record<string, BenchResult>> {
  const runs = opts.quick ? 5 : 15;
  const v3 = syntheticLockfile(TWENTY_MB, 3);
  const v2 = syntheticLockfile(TWENTY_MB, 2);
  const manifest = syntheticPackageJson(5_000);
  const cases: [string, () => unknown, number][] = [
    ['npm.lockfile.v3-20MB', () => parseNpmLockfile(v3, 'package-lock.json'), runs],
    ['npm.lockfile.v2-20MB', () => parseNpmLockfile(v2, 'package-lock.json'), runs],
    ['npm.lockfile.v3-20MB-workspace-member', () => parseNpmLockfile(v3, 'package-lock.json', 'packages/app'), runs],
    ['npm.lockfile.json-parse-baseline-20MB', () => JSON.parse(v3), opts.quick ? 3 : 7],
    ['npm.package-json.5000-entries', () => parsePackageJson(manifest), runs],
  ];
  const results: Record<string, BenchResult> = {};
  for (const [name, run, count] of cases) {
    const { wall, cpu } = measure(run, count);
    results[name] = wall;
    results[`${name}.cpu`] = cpu;
  }
  return results;
}

if (require.main === module) {
  benchNpmParsers({ quick: process.argv.includes('--quick') })
    .then((results) => {
      for (const [name, r] of Object.entries(results)) {
        console.log(`${name}: median ${r.value} ${r.unit} (min ${r.min}, max ${r.max})`);
      }
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
