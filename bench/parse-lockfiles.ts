/**
 * How fast each lockfile parser reads a large generated lockfile (bench/lockfileGenerators.ts):
 * every parser must read at least 50 MB/s on this machine, i.e. a 10 MB lockfile in ≤ 200 ms
 * (issue 14). Each figure parses the pins and the whole tree (the formats that read both in one
 * pass), or the pins and then the tree (package-lock.json and the Python lockfiles, whose pin
 * parsers read only what the manifest needs). Times are CPU milliseconds of this process, which
 * stay meaningful on a shared machine where wall time does not.
 *
 *   node --import tsx bench/parse-lockfiles.ts [--quick]
 */
import type { LockfileKind } from '../server/src/service/model';
import { parseLockfile } from '../server/src/service/parse';
import { parseLockfileTree } from '../server/src/service/parse/lockfileTree';
import { readWithLibrary } from '../server/src/service/parse/npm/lockYaml';
import { scanLockYaml } from '../server/src/service/parse/npm/lockYamlScanner';
import { largeBunLock, largePipfileLock, largePnpmLock, largeYarnBerry, largeYarnClassic } from './lockfileGenerators';
import { syntheticLockfile } from './parse-npm';
import { syntheticPoetryLock, syntheticPylock, syntheticUvLock } from './parse-python';
import { printResults, timeRuns, type BenchResult } from './lib/parseTiming';

export const TEN_MB = 10 * 1024 * 1024;

/** Figure name, kind and generator; the Python generators take a package count (≈ 1.95, 1.0 and 1.2 kB per package). */
export const LARGE_LOCKFILES: [string, LockfileKind, (bytes: number) => string][] = [
  ['package-lock.json', 'package-lock.json', (bytes) => syntheticLockfile(bytes, 3)],
  ['yarn.lock-classic', 'yarn.lock', largeYarnClassic],
  ['yarn.lock-berry', 'yarn.lock', largeYarnBerry],
  ['pnpm-lock.yaml', 'pnpm-lock.yaml', largePnpmLock],
  ['bun.lock', 'bun.lock', largeBunLock],
  ['Pipfile.lock', 'Pipfile.lock', largePipfileLock],
  ['uv.lock', 'uv.lock', (bytes) => syntheticUvLock(Math.ceil(bytes / 1950))],
  ['poetry.lock', 'poetry.lock', (bytes) => syntheticPoetryLock(Math.ceil(bytes / 1005))],
  ['pylock.toml', 'pylock.toml', (bytes) => syntheticPylock(Math.ceil(bytes / 1200))],
];

/** Pins and tree, as a check of the whole tree reads them. */
export function readAll(kind: LockfileKind, text: string): void {
  const pins = parseLockfile(kind, text);
  parseLockfileTree(kind, text, pins);
}

export async function benchLockfileParsers(opts: { quick: boolean; figures?: string[] }): Promise<Record<string, BenchResult & { mbPerSecond: number; megabytes: number }>> {
  const runs = opts.quick ? 1 : 5;
  const out: Record<string, BenchResult & { mbPerSecond: number; megabytes: number }> = {};
  for (const [figure, kind, generate] of LARGE_LOCKFILES) {
    if (opts.figures && !opts.figures.includes(figure)) continue;
    const text = generate(TEN_MB);
    const r = timeRuns(() => readAll(kind, text), runs, { warmups: 1, clock: 'cpu' });
    const megabytes = Math.round((text.length / 1024 / 1024) * 10) / 10;
    out[`lockfile.${figure}.10MB.pins-and-tree`] = { ...r, megabytes, mbPerSecond: Math.round((megabytes / r.value) * 1000) };
  }
  if (!opts.quick && !opts.figures) {
    // The YAML library against the targeted scanner on the same pnpm lockfile (docs/decisions.md).
    const pnpm = largePnpmLock(TEN_MB);
    const megabytes = Math.round((pnpm.length / 1024 / 1024) * 10) / 10;
    for (const [name, run] of [['yaml-library', () => readWithLibrary(pnpm)], ['yaml-scanner', () => scanLockYaml(pnpm)]] as const) {
      const r = timeRuns(run, 3, { warmups: 1, clock: 'cpu' });
      out[`lockfile.pnpm-lock.yaml.10MB.${name}`] = { ...r, megabytes, mbPerSecond: Math.round((megabytes / r.value) * 1000) };
    }
  }
  return Promise.resolve(out);
}

if (require.main === module) printResults((opts) => benchLockfileParsers(opts));
