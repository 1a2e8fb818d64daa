/**
 * The CLI never reports a version clean when SIGMA counts registry advisories without sending rows
 * (docs/security.md): rows from verify when it has them, else the count and highest severity as a
 * finding, the STATUS cell marked by it and --fail-on warning met.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRegistry, type LocalRegistry } from '../registry';
import { registryFlags, runCli } from '../helpers/cliRunner';
import { COUNTED_MANIFEST, advisoryCountData } from '../helpers/advisoryCountData';

interface JsonDep {
  name: string;
  findings: Array<{ code: string; severity: string; message: string }>;
}

describe('CLI: advisories counted without rows', function () {
  let registry: LocalRegistry;
  let tmp: string;
  before(async () => {
    registry = await startRegistry({ quiet: true, data: advisoryCountData() });
    registry.addFault({ endpoint: 'verify', package: 'counted-verify-fails', fault: { kind: 'status', status: 500 } });
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-counts-')));
    fs.writeFileSync(path.join(tmp, 'package.json'), COUNTED_MANIFEST);
  });
  after(async () => {
    await registry.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('text: no ✓ approved; json: an advisory finding per row, or one with the count; --fail-on warning exits 1', async () => {
    const flags = [...registryFlags(registry.url), '--cache-dir', path.join(tmp, '.cache')];
    const textRun = await runCli(['check', '.', ...flags], { cwd: tmp });
    assert.doesNotMatch(textRun.stdout, /✓ approved/, textRun.stdout);
    assert.match(textRun.stdout, /^ {2}counted-only +1\.0\.0 +exact +✗ approved, 3 advisories$/m);
    assert.match(textRun.stdout, /^ {2}counted-verify-fails +1\.0\.0 +exact +⚠ approved, 1 advisory$/m);

    const json = await runCli(['check', '.', '--format', 'json', ...flags], { cwd: tmp });
    const deps = (JSON.parse(json.stdout) as { manifests: Array<{ dependencies: JsonDep[] }> }).manifests[0].dependencies;
    const advisories = (name: string): Array<[string, string]> => deps.find((d) => d.name === name)!.findings.filter((f) => f.code === 'advisory').map((f) => [f.severity, f.message]);
    assert.deepEqual(advisories('counted-verify').map(([severity]) => severity), ['error', 'warning']);
    assert.deepEqual(advisories('counted-only'), [['error', 'counted-only 1.0.0: SIGMA counts 3 registry advisories (highest severity critical) but sent no details; see the verify page']]);
    assert.deepEqual(advisories('counted-verify-fails'), [['warning', 'counted-verify-fails 1.0.0: SIGMA counts 1 registry advisory (highest severity moderate) but sent no details; see the verify page']]);

    const gate = await runCli(['check', '.', '--fail-on', 'warning', ...flags], { cwd: tmp });
    assert.equal(gate.code, 1);
  });
});
