/**
 * `npm run demo` (scripts/demo.js) as a first-time user runs it: the example projects against the
 * local registry's example data. Its report must look like a real project's (no test strings) and show
 * every status and finding kind the CLI has: the example registry's standing fault (example-faults.json)
 * supplies the failed lookup; only `registry-unavailable` (the whole network down) cannot be shown in one run.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { collectOutput, type CliResult } from '../helpers/cliRunner';

const ROOT = path.resolve(__dirname, '../..');

function demo(args: string[]): Promise<CliResult> {
  return collectOutput(spawn(process.execPath, [path.join(ROOT, 'scripts/demo.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
}

interface Report {
  manifests: Array<{ dependencies: Array<{ status: string; findings: Array<{ code: string }> }> }>;
}

describe('npm run demo', function () {
  this.timeout(120_000);

  it('shows every status and finding kind (a failed lookup included, the whole network down excepted), and no test strings', async () => {
    const { code, stdout, stderr } = await demo(['--format', 'json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as Report;
    const deps = report.manifests.flatMap((m) => m.dependencies);
    assert.deepEqual([...new Set(deps.map((d) => d.status))].sort(), ['approved', 'conditional', 'error', 'rejected', 'skipped', 'uncertified', 'unresolved']);
    assert.deepEqual(
      [...new Set(deps.flatMap((d) => d.findings.map((f) => f.code)))].sort(),
      ['advisory', 'conditional', 'integrity-mismatch', 'lookup-failed', 'partial-analysis', 'rejected', 'retained-warning', 'security-level', 'skipped', 'uncertified', 'unresolved'],
    );
    assert.doesNotMatch(stdout, /<img|<script|onerror|command:|javascript:|-2099-|\(invented\)/);
  });
});
