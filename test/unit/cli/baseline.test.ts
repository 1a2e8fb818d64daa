/**
 * The baseline's reading of a JSON report (server/src/cli/baseline.ts): the identity of each finding,
 * for direct dependencies and for tree packages (interfaces of docs/ci.md, "Baselines").
 */
import assert from 'node:assert/strict';
import { applyBaseline, baselineKeys } from '../../../server/src/cli/baseline';
import { findingKey } from '../../../server/src/cli/report/findingIdentity';
import type { ManifestResult } from '../../../server/src/cli/report/reportModel';

const subject = { manifestPath: 'app/package.json', registry: 'npm', name: 'qs', version: '6.5.2' };

describe('cli/baseline', () => {
  it('reads direct dependencies and tree packages alike, with advisory ids (also from older reports\' messages)', () => {
    const keys = baselineKeys({
      schemaVersion: 1,
      manifests: [
        {
          path: 'app/package.json',
          dependencies: [{ registry: 'npm', normalizedName: 'left-pad', resolvedVersion: '1.3.0', findings: [{ code: 'rejected' }, { code: 'advisory', message: 'left-pad 1.3.0: advisory 1099 (high) Bad' }] }],
          tree: { packages: [{ registry: 'npm', normalizedName: 'qs', version: '6.5.2', findings: [{ code: 'advisory', advisoryId: 'GHSA-1' }, { code: 'rejected' }] }] },
        },
      ],
    });
    assert.ok(keys.has(findingKey({ ...subject, name: 'left-pad', version: '1.3.0' }, { code: 'rejected' })));
    assert.ok(keys.has(findingKey({ ...subject, name: 'left-pad', version: '1.3.0' }, { code: 'advisory', advisoryId: '1099' })));
    assert.ok(keys.has(findingKey(subject, { code: 'advisory', advisoryId: 'GHSA-1' })));
    assert.ok(!keys.has(findingKey(subject, { code: 'advisory', advisoryId: 'GHSA-2' })), 'another advisory on the same version is new');
    assert.ok(!keys.has(findingKey({ ...subject, version: '6.5.3' }, { code: 'rejected' })), 'another version is new');
    assert.equal(keys.size, 4);
  });

  it('refuses what is not a schemaVersion 1 report', () => {
    for (const bad of [null, [], { runs: [] }, { schemaVersion: 2, manifests: [] }]) assert.throws(() => baselineKeys(bad), /not a sigma-trust --format json report/);
  });

  it('never leaves out a failed lookup or an unresolved version: a gate does not pass because a lookup failed', () => {
    const s = { manifestPath: 'package.json', registry: 'npm', name: 'express', version: '4.19.2' };
    const keys = new Set([findingKey(s, { code: 'lookup-failed' }), findingKey(s, { code: 'uncertified' })]);
    const dep = {
      dependency: { registry: 'npm', name: 'express', normalizedName: 'express' },
      resolution: { version: '4.19.2' },
      status: 'uncertified',
      findings: [
        { code: 'uncertified', severity: 'information', message: 'x' },
        { code: 'lookup-failed', severity: 'warning', message: 'y' },
      ],
    };
    const results = [{ path: 'package.json', kind: 'package.json', check: { dependencies: [dep] } }] as unknown as ManifestResult[];
    const out = applyBaseline(results, keys);
    assert.equal(out.leftOut, 1);
    assert.deepEqual(out.results[0].check.dependencies[0].findings.map((f) => f.code), ['lookup-failed']);
    assert.equal(out.gateDependencies[0].status, 'approved', 'the verdict is in the baseline');
    assert.ok(out.statusInBaseline(out.results[0].check.dependencies[0]));
    assert.equal(results[0].check.dependencies[0].findings.length, 2, 'the run\'s own results are not changed');
  });
});
