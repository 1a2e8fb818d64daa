/**
 * What the parser benchmarks (bench/parse-*.ts) share: the result shape, repeatable fake digests for
 * synthetic lockfiles and requirements, timing of repeated runs, and printing when run on their own.
 */

export interface BenchResult {
  value: number;
  unit: 'ms';
  min: number;
  max: number;
  /** With the CPU clock: the median wall time of the same runs (CPU counts the GC's helper threads too). */
  wall?: number;
}

const HEX = '0123456789abcdef';

/** A 64-hex-digit string that depends only on `seed` (a stand-in for a sha256 digest). */
export function fakeSha256(seed: number): string {
  let out = '';
  let x = seed * 2654435761;
  for (let i = 0; i < 64; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += HEX[x >>> 28];
  }
  return out;
}

/**
 * Median, min and max of `runs` timed calls after `warmups` untimed ones. `cpu` counts this process's
 * CPU time, which stays meaningful on a shared machine where wall time does not.
 */
export function timeRuns(run: () => unknown, runs: number, opts: { warmups: number; clock: 'wall' | 'cpu' }): BenchResult {
  for (let i = 0; i < opts.warmups; i++) run(); // warm the JIT
  const times: number[] = [];
  const walls: number[] = [];
  for (let i = 0; i < runs; i++) {
    const before = process.cpuUsage();
    const t0 = performance.now();
    run();
    walls.push(performance.now() - t0);
    const used = process.cpuUsage(before);
    if (opts.clock === 'cpu') times.push((used.user + used.system) / 1000);
  }
  const round = (n: number): number => Math.round(n * 100) / 100;
  const median = (xs: number[]): number => xs[Math.floor(xs.length / 2)];
  walls.sort((a, b) => a - b);
  if (opts.clock === 'wall') return { value: round(median(walls)), unit: 'ms', min: round(walls[0]), max: round(walls[walls.length - 1]) };
  times.sort((a, b) => a - b);
  return { value: round(median(times)), unit: 'ms', min: round(times[0]), max: round(times[times.length - 1]), wall: round(median(walls)) };
}

/** `node --import tsx bench/parse-x.ts [--quick]`: runs the bench and prints one line per figure. */
export function printResults(bench: (opts: { quick: boolean }) => Promise<Record<string, BenchResult>>): void {
  bench({ quick: process.argv.includes('--quick') })
    .then((results) => {
      for (const [name, r] of Object.entries(results)) console.log(`${name}: median ${r.value} ${r.unit} (min ${r.min}, max ${r.max})`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
