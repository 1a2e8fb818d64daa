/**
 * `sigma-trust check` fails closed (README.md, CLI reference: exit codes): a package that could not be checked
 * makes the run exit 3 unless `--fail-on never`; `--fail-on` (exit 1) wins over that; only the
 * user's own `--no-resolve-ranges` leaves an unresolved range "complete".
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CliResult } from '../helpers/cliRunner';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

describe('CLI: fail closed (exit 3 when the check is incomplete)', function () {
  let ws: CliWorkspace;
  let n = 0;
  const cacheDir = (): string => path.join(ws.tmp, `cache-closed-${++n}`);
  const project = (deps: Record<string, string>): string => ws.project({ 'package.json': JSON.stringify({ dependencies: deps }) });
  const check = (args: string[], cache = cacheDir()): Promise<CliResult> => ws.check(args, { cwd: ws.tmp, cache });
  const statuses = (r: CliResult): string[] => (JSON.parse(r.stdout) as { manifests: Array<{ dependencies: Array<{ status: string }> }> }).manifests[0].dependencies.map((d) => d.status);

  before(async () => {
    ws = await cliWorkspace();
  });
  afterEach(() => ws.registry.clearFaults());
  after(() => ws.close());

  it('a failed range lookup exits 3 and says which package and why on stderr', async () => {
    ws.registry.addFault({ endpoint: 'npmPackument', package: 'debug', fault: { kind: 'status', status: 500 } });
    const r = await check([project({ express: '4.19.2', debug: '^4.3.1' }), '--format', 'json']);
    assert.deepEqual(statuses(r), ['approved', 'unresolved']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /incomplete check — 1 package could not be checked/);
    assert.match(r.stderr, /debug: version lookup: the lookup failed/);
  });

  it('--fail-on never turns an incomplete check into 0', async () => {
    ws.registry.addFault({ endpoint: 'npmPackument', package: 'debug', fault: { kind: 'status', status: 500 } });
    const r = await check([project({ debug: '^4.3.1' }), '--fail-on', 'never']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('--fail-on met wins over incomplete: 1, not 3', async () => {
    ws.registry.addFault({ endpoint: 'npmPackument', package: 'debug', fault: { kind: 'status', status: 500 } });
    const r = await check([project({ 'left-pad': '1.3.0', debug: '^4.3.1' })]);
    assert.equal(r.code, 1, r.stderr);
  });

  it('--no-resolve-ranges is the user\'s choice: an unresolved range leaves the check complete (0)', async () => {
    const r = await check([project({ express: '4.19.2', debug: '^4.3.1' }), '--no-resolve-ranges', '--format', 'json']);
    assert.deepEqual(statuses(r), ['approved', 'unresolved']);
    assert.equal(r.code, 0, r.stderr);
  });

  it('a range no version satisfies is incomplete (3)', async () => {
    const r = await check([project({ debug: '^99.0.0' }), '--format', 'json']);
    assert.deepEqual(statuses(r), ['unresolved']);
    assert.equal(r.code, 3, r.stderr);
  });

  it('a failed SIGMA lookup (status error) exits 3 with the default --fail-on', async () => {
    ws.registry.addFault({ endpoint: 'certificate', package: 'express', fault: { kind: 'status', status: 500 } });
    const r = await check([project({ express: '4.19.2' }), '--format', 'json']);
    assert.deepEqual(statuses(r), ['error']);
    assert.equal(r.code, 3, r.stderr);
  });

  it('--offline with a cache miss is incomplete (3); the same run with a warm cache is 0', async () => {
    const dir = project({ express: '4.19.2', debug: '^4.3.1' });
    const cache = cacheDir();
    const cold = await check([dir, '--offline'], cache);
    assert.equal(cold.code, 3, cold.stderr);
    assert.match(cold.stderr, /not in the cache \(offline\)/);
    assert.equal((await check([dir], cache)).code, 0);
    ws.registry.clearLog();
    const warm = await check([dir, '--offline'], cache);
    assert.equal(warm.code, 0, warm.stderr);
    assert.deepEqual(ws.registry.requests, []);
  });

  it('advisory rows that could not be fetched are unknown, not clean: the STATUS says so and the run exits 3', async () => {
    // chalk 5.3.0's certificate has no advisory snapshot: its rows come from verify, else the npm bulk POST.
    ws.registry.addFault({ endpoint: 'verify', package: 'chalk', fault: { kind: 'status', status: 500 } });
    ws.registry.addFault({ endpoint: 'npmBulk', fault: { kind: 'status', status: 500 } });
    const dir = project({ chalk: '5.3.0' });
    const text = await check([dir]);
    assert.equal(text.code, 3, text.stderr);
    assert.match(text.stdout, /⚠ approved, advisories unknown/);
    assert.doesNotMatch(text.stdout, /✓ approved/);
    assert.match(text.stderr, /chalk 5\.3\.0: advisories unknown: the lookup failed/);
  });
});
