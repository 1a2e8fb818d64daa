/**
 * How fast each lockfile parser reads a large generated lockfile (bench/lockfileGenerators.ts):
 * every parser must read at least 50 MB/s on this machine, i.e. a 10 MB lockfile in ≤ 200 ms
 * (issue 14). Each figure parses the pins and the whole tree (the formats that read both in one
 * pass), or the pins and then the tree (package-lock.json and the Python lockfiles, whose pin
 * parsers read only what the manifest needs). Times are CPU milliseconds of this process, which
 * stay meaningful on a shared machine where wall time does not (the median wall time of the same runs
 * is recorded beside them: CPU time also counts V8's parallel GC threads, so it reads higher).
 *
 * The full bench (`npm run bench`) takes each figure in a fresh Node process of its own
 * (`benchLockfileParsersIsolated`): in the bench's own process every parse paid for the heap the server
 * scenarios before it had left (poetry.lock read 164 ms alone and 241 ms there on the same code,
 * docs/benchmarks.md), which measured the run order, not the parser.
 *
 *   node --import tsx bench/parse-lockfiles.ts [--quick] [--figures=a,b] [--json]
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
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

export type LockfileFigures = Record<string, BenchResult & { mbPerSecond: number; megabytes: number }>;

/**
 * What npm, pnpm, yarn Berry and bun wrote for one real project of twenty large ones
 * (bench/fixtures/real-sample/README.md), read the same way: whether the generated lockfiles above
 * cost what real ones do per MB, and whether what the package managers write takes the fast readers.
 */
const REAL_SAMPLE = path.join(__dirname, 'fixtures', 'real-sample');
export const REAL_LOCKFILES: [string, LockfileKind][] = [
  ['package-lock.json', 'package-lock.json'],
  ['pnpm-lock.yaml', 'pnpm-lock.yaml'],
  ['yarn.lock', 'yarn.lock'],
  ['bun.lock', 'bun.lock'],
];

/** Median CPU time of `runs` reads of `text`'s pins and tree after `warmups` untimed ones, with its rate. */
function timeReadAll(kind: LockfileKind, text: string, runs: number, warmups: number): LockfileFigures[string] {
  // A different text per run (trailing newlines): nothing one run read may be reused by the next,
  // as the pins and tree of one text may (python/lockfileValues.ts). Flattened here, not in the run.
  const texts = Array.from({ length: runs + warmups }, (_, k) => Buffer.from(text + '\n'.repeat(k + 1)).toString());
  let next = 0;
  const r = timeRuns(() => readAll(kind, texts[next++]), runs, { warmups, clock: 'cpu' });
  const megabytes = Math.round((text.length / 1024 / 1024) * 100) / 100;
  return { ...r, megabytes, mbPerSecond: Math.round((megabytes / r.value) * 1000) };
}

export async function benchLockfileParsers(opts: { quick: boolean; figures?: string[] }): Promise<LockfileFigures> {
  const runs = opts.quick ? 1 : 5;
  const out: LockfileFigures = {};
  for (const [figure, kind, generate] of LARGE_LOCKFILES) {
    if (opts.figures && !opts.figures.includes(figure)) continue;
    out[`lockfile.${figure}.10MB.pins-and-tree`] = timeReadAll(kind, generate(TEN_MB), runs, 1);
  }
  for (const [file, kind] of REAL_LOCKFILES) {
    if (opts.figures && !opts.figures.includes(`real.${file}`)) continue;
    // ~1 MB each: more runs and warm-ups than the 10 MB files, whose single warm-up already JITs the reader.
    out[`lockfile.real.${file}.pins-and-tree`] = timeReadAll(kind, fs.readFileSync(path.join(REAL_SAMPLE, file), 'utf8'), opts.quick ? 1 : 15, 5);
  }
  if (!opts.quick && (!opts.figures || opts.figures.includes('yaml'))) {
    // The YAML library against the targeted scanner on the same pnpm lockfile (docs/decisions.md,
    // "YAML lockfiles"). 1 MB, not 10: the library's time grows faster than the file (84 s for 10 MB).
    const pnpm = largePnpmLock(1024 * 1024);
    const megabytes = Math.round((pnpm.length / 1024 / 1024) * 10) / 10;
    for (const [name, run] of [['yaml-library', () => readWithLibrary(pnpm)], ['yaml-scanner', () => scanLockYaml(pnpm)]] as const) {
      const r = timeRuns(run, 3, { warmups: 1, clock: 'cpu' });
      out[`lockfile.pnpm-lock.yaml.1MB.${name}`] = { ...r, megabytes, mbPerSecond: Math.round((megabytes / r.value) * 1000) };
    }
  }
  return Promise.resolve(out);
}

/** The same figures, each taken by `--json` in a child process of its own (see the top of this file). */
export async function benchLockfileParsersIsolated(opts: { quick: boolean; figures?: string[] }): Promise<LockfileFigures> {
  const out: LockfileFigures = {};
  const figures = [...LARGE_LOCKFILES.map(([figure]) => figure), ...(opts.quick ? [] : [...REAL_LOCKFILES.map(([file]) => `real.${file}`), 'yaml'])];
  for (const figure of figures.filter((f) => !opts.figures || opts.figures.includes(f))) {
    const args = ['--import', 'tsx', __filename, `--figures=${figure}`, '--json', ...(opts.quick ? ['--quick'] : [])];
    const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 });
    Object.assign(out, JSON.parse(stdout) as LockfileFigures);
  }
  return out;
}

// `--figures=pnpm-lock.yaml,uv.lock,yaml` measures only those rows (a loaded machine: run one's own
// rows only); `--into-results` then writes them into bench/results.json as the full run would, each
// with the load average around it, and prints their table rows for docs/benchmarks.md.
const only = process.argv.find((a) => a.startsWith('--figures='))?.slice('--figures='.length).split(',');
const mode = process.argv.includes('--into-results') ? 'into-results' : process.argv.includes('--json') ? 'json' : 'print';
if (require.main === module && mode === 'print') printResults((opts) => benchLockfileParsers({ ...opts, figures: only }));
if (require.main === module && mode === 'json') void benchLockfileParsers({ quick: process.argv.includes('--quick'), figures: only }).then((r) => console.log(JSON.stringify(r)));
if (require.main === module && mode === 'into-results') void intoResults();

async function intoResults(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only for this mode, not by the suite */
  const { loadAverage } = require('./lib/machine') as typeof import('./lib/machine');
  const { resultsTable } = require('./lib/report') as typeof import('./lib/report');
  const { lockfileResults } = require('./scenarios/parse') as typeof import('./scenarios/parse');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const start = loadAverage();
  const rows = lockfileResults(await benchLockfileParsersIsolated({ quick: false, figures: only }));
  const end = loadAverage();
  for (const r of Object.values(rows)) r['loadavg'] = { start, end };
  const file = path.join(__dirname, 'results.json');
  const results = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, `${JSON.stringify({ ...results, ...rows }, null, 2)}\n`);
  console.log(resultsTable(rows));
}
