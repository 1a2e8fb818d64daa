/**
 * Fault matrix through the real CLI (`sigma-trust check` and `sigma-trust preview`): the same faults
 * as the server suite. The disk cache is aged between runs (the CLI has no TTL flag), so the faulted
 * run must ask the network and fall back to what the previous run stored.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startRegistry } from '../registry';
import { ENDPOINTS, FAULTS, coldStatusWhenUnreachable, matrixData, rulesFor, type FaultCase } from './faultTable';
import { ageDiskCache, runCli, tempDir, writeFile, type CliRun } from './harness';

interface JsonDependency {
  name: string;
  status: string;
  freshness?: string;
  findings: Array<{ code: string }>;
}
interface JsonReportShape {
  manifests: Array<{ path: string; dependencies: JsonDependency[] }>;
}

const HOUR = 60 * 60 * 1000;

function report(run: CliRun): Map<string, JsonDependency> {
  assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}; stderr: ${run.stderr.slice(-1500)}`);
  assert.doesNotMatch(run.stderr, /\n\s+at |TypeError|RangeError|unhandled/i, 'no stack trace or crash on stderr');
  const parsed = JSON.parse(run.stdout) as JsonReportShape;
  const byName = new Map<string, JsonDependency>();
  for (const m of parsed.manifests) for (const d of m.dependencies) byName.set(d.name, d);
  return byName;
}

/** Runs `jobs` with at most `width` at a time (each is mostly waiting on timeouts and retries). */
async function pool<T>(jobs: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

interface Scenario {
  warm: CliRun;
  during: CliRun;
  after: CliRun;
}

/** One fault, on its own registry and cache: warm run, age the cache, faulted run (warm + cold packages), recovery run. */
async function scenario(fc: FaultCase): Promise<Scenario> {
  const registry = await startRegistry({ quiet: true, data: matrixData(1) });
  const dir = tempDir('cli');
  try {
    const cacheDir = path.join(dir, '.cache');
    for (const c of ENDPOINTS) {
      writeFile(dir, path.join('warm', c.endpoint, c.file), c.manifest(c.warm));
      writeFile(dir, path.join('cold', c.endpoint, c.file), c.manifest(c.cold(0)));
    }
    // The fault's own time limit only for the faulted run; a generous one around it, so load never fails a healthy run.
    const check = (paths: string[], timeoutMs = 5000): Promise<CliRun> =>
      runCli(['check', ...paths, '--format', 'json', '--fail-on', 'never', '--api-url', registry.url, '--npm-registry-url', registry.url, '--pypi-url', registry.url, '--cache-dir', cacheDir, '--timeout-ms', String(timeoutMs)], { cwd: dir });
    const warm = await check(['warm']);
    ageDiskCache(cacheDir, 2 * HOUR);
    if (fc.fault) {
      for (const c of ENDPOINTS) for (const rule of rulesFor(c, fc.fault(c.endpoint), [c.warm, c.cold(0)])) registry.addFault(rule);
    } else {
      await registry.pause();
    }
    const during = await check(['warm', 'cold'], fc.timeoutMs);
    registry.clearFaults();
    await registry.resume();
    const after = await check(['warm', 'cold']);
    return { warm, during, after };
  } finally {
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function assertHealthy(deps: Map<string, JsonDependency>, phase: string): void {
  for (const c of ENDPOINTS) {
    const dep = deps.get(c.warm);
    assert.equal(dep?.status, c.status, `${phase}: ${c.endpoint}`);
    assert.notEqual(dep?.freshness, 'stale', `${phase}: ${c.endpoint} not stale`);
    assert.deepEqual(dep?.findings.map((f) => f.code).sort(), [...c.codes].sort(), `${phase}: ${c.endpoint} findings`);
  }
}

/** `npm test` runs a subset (one fault of each kind of behaviour); SIGMA_FULL_MATRIX=1 runs every fault. */
const CLI_FAULTS = process.env.SIGMA_FULL_MATRIX === '1' ? FAULTS : FAULTS.filter((f) => f.quick === true);

describe('reliability: fault matrix through the CLI', function () {
  this.timeout(180_000);
  const scenarios = new Map<string, Scenario>();

  before(async () => {
    const runs = await pool(CLI_FAULTS.map((fc) => () => scenario(fc)), 3);
    CLI_FAULTS.forEach((fc, i) => scenarios.set(fc.name, runs[i]));
  });

  CLI_FAULTS.forEach((fc) => {
    it(`${fc.name}: stale results kept, cold ones never approved, recovers on the next run`, () => {
      const { warm, during: duringRun, after: afterRun } = scenarios.get(fc.name)!;
      assertHealthy(report(warm), 'warm');
      const during = report(duringRun);
      for (const c of ENDPOINTS) {
        const immune = c.immuneTo === fc.name;
        const dep = during.get(c.warm);
        assert.equal(dep?.status, c.status, `${c.endpoint}: the warm result is kept`);
        assert.equal(dep?.freshness, immune ? 'live' : 'stale', `${c.endpoint}: marked stale`);
        assert.ok(!dep?.findings.some((f) => f.code === 'lookup-failed'), `${c.endpoint}: no per-dependency failure for a stale result`);
        const cold = during.get(c.cold(0));
        const codes = cold?.findings.map((f) => f.code) ?? [];
        if (immune || c.coldImmuneTo?.includes(fc.name)) continue;
        const expected = fc.fault ? c.coldStatus : coldStatusWhenUnreachable(c);
        assert.equal(cold?.status, expected, `${c.endpoint}: cold status (${codes})`);
        if (fc.effect === 'network' || !fc.fault) {
          assert.ok(!codes.includes('lookup-failed') && !codes.includes('unresolved'), `${c.endpoint}: a network failure is not reported per dependency: ${codes}`);
        } else {
          assert.equal(codes.filter((x) => x === (expected === 'unresolved' ? 'unresolved' : 'lookup-failed')).length, 1, `${c.endpoint}: told once: ${codes}`);
        }
      }
      const after = report(afterRun);
      assertHealthy(after, 'after the fault');
      for (const c of ENDPOINTS) assert.equal(after.get(c.cold(0))?.status, (c.coldHealthy ?? c).status, `${c.endpoint}: cold recovered`);
    });
  });
});

/** The preview fault, on its own registry: the failed run and the run after the fault cleared. */
async function previewScenario(fc: FaultCase): Promise<{ failed: CliRun; ok: CliRun; token: string }> {
  const registry = await startRegistry({ quiet: true, data: matrixData(0) });
  const dir = tempDir('preview');
  const preview = (): Promise<CliRun> => runCli(['preview', 'draft-1', '--api-url', registry.url, '--format', 'json'], { cwd: dir, env: { SIGMA_TOKEN: registry.token } });
  try {
    if (fc.fault) registry.addFault({ endpoint: 'preview', fault: fc.fault('preview') });
    else await registry.pause();
    const failed = await preview();
    registry.clearFaults();
    await registry.resume();
    return { failed, ok: await preview(), token: registry.token };
  } finally {
    await registry.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// The preview has no time-limit flag: a held request costs 3 × 10 s, so timeout and trickle are left to
// the HTTP client's unit tests; a preview answer names no package, so there is no identity to mismatch.
const PREVIEW_FAULTS = CLI_FAULTS.filter((f) => f.name !== 'timeout' && f.name !== 'slow trickle' && f.name !== 'identity mismatch');

describe('reliability: package-preview faults through the CLI (sigma-trust preview)', function () {
  this.timeout(120_000);
  const scenarios = new Map<string, { failed: CliRun; ok: CliRun; token: string }>();

  before(async () => {
    const runs = await pool(PREVIEW_FAULTS.map((fc) => () => previewScenario(fc)), 3);
    PREVIEW_FAULTS.forEach((fc, i) => scenarios.set(fc.name, runs[i]));
  });

  for (const fc of PREVIEW_FAULTS) {
    it(`${fc.name}: exit 2 with a plain message, no token, then works again`, () => {
      const { failed, ok, token } = scenarios.get(fc.name)!;
      assert.equal(failed.code, 2, `exit code; stdout ${failed.stdout.slice(0, 300)}`);
      assert.equal(failed.stdout, '');
      assert.match(failed.stderr, /^sigma-trust: The package preview (failed|answer could not be read|answer is not a JSON object)/);
      assert.doesNotMatch(failed.stderr, /\n\s+at /);
      assert.ok(!failed.stderr.includes(token), 'the token is not in the message');
      assert.equal(ok.code, 0, ok.stderr);
      assert.equal((JSON.parse(ok.stdout) as { packagesTotal: number }).packagesTotal, 1);
    });
  }
});
