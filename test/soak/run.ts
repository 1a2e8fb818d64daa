/**
 * `npm run soak`: the long load run (10 000 re-checks by default, SOAK_ROUNDS to change) with the
 * figures printed. Exits 1 when a promise of test/reliability/load.test.ts does not hold (same bounds, same reasons).
 */
import { runSoak } from './soak';

async function main(): Promise<number> {
  const rounds = Number(process.env.SOAK_ROUNDS ?? 200); // 200 rounds × 50 manifests = 10 000 re-checks
  const figures = await runSoak({
    manifests: 50,
    depsPerManifest: 200,
    uniquePackages: 1000,
    warmupRounds: 3,
    rounds,
    faultRate: 0.1,
    latencyMs: 2,
    maxConcurrentRequests: 8,
    onRound: (round, f) => {
      if (round % 10 === 0 || round === rounds) process.stdout.write(`round ${round}/${rounds}: ${Math.round(f.ms)} ms, RSS ${f.rssMb.toFixed(1)} MB, ${f.fds} fds\n`);
    },
  });
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  const problems = [
    figures.errors.length > 0 && `${figures.errors.length} error lines in the server log`,
    figures.wronglyApproved > 0 && `${figures.wronglyApproved} uncertified dependencies shown as approved`,
    figures.registryMaxInFlight > 8 + 1 && `the registry saw ${figures.registryMaxInFlight} requests in flight`,
    figures.heapGrowth >= 0.1 && `the live heap grew ${(figures.heapGrowth * 100).toFixed(1)} % after warm-up`,
    figures.fdsAtEnd > figures.fdsAfterWarmup + 8 && `open fds went from ${figures.fdsAfterWarmup} to ${figures.fdsAtEnd}`,
  ].filter((p): p is string => typeof p === 'string');
  for (const p of problems) process.stderr.write(`soak: ${p}\n`);
  return problems.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
