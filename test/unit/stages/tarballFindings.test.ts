/** Tarball results join a check as a new check: the drivers never change findings in place. */
import { strict as assert } from 'node:assert';
import type { ManifestCheck } from '../../../server/src/service/checker';
import { withTarballFindings } from '../../../server/src/service/stages/tarballFindings';
import type { CheckedDependency, Finding } from '../../../server/src/service/model';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const entry = (name: string, findings: Finding[]): CheckedDependency => ({
  dependency: { registry: 'npm', name, normalizedName: name, specifier: '1.0.0', kind: 'exact', constraint: '1.0.0', section: 'dependencies', range },
  resolution: { version: '1.0.0', resolvedFrom: 'exact', hashes: [] },
  facts: null,
  status: 'approved',
  findings,
});

describe('withTarballFindings', () => {
  it('adds findings to a copy, leaves the original check and its arrays untouched, and does not repeat a finding', () => {
    const shared: Finding[] = [{ code: 'advisory', severity: 'warning', message: 'old' }];
    const a = entry('a', shared);
    const b = entry('b', []);
    const check = { uri: 'file:///p/package.json', parsed: { kind: 'package.json', dependencies: [], errors: [] }, dependencies: [a, b], complete: true, outcomes: new Map() } as unknown as ManifestCheck;
    const mismatch: Finding = { code: 'integrity-mismatch', severity: 'error', message: 'a 1.0.0: mismatch' };
    const next = withTarballFindings(check, new Map([[a, [mismatch, { ...shared[0] }]]]));
    assert.notEqual(next, check);
    assert.deepEqual(next.dependencies[0].findings.map((f) => f.message), ['old', 'a 1.0.0: mismatch']);
    assert.equal(next.dependencies[1], b, 'an entry without new findings is kept as it is');
    assert.deepEqual(shared.map((f) => f.message), ['old'], 'the shared findings array is not changed');
    assert.equal(check.dependencies[0], a);
    assert.equal(withTarballFindings(check, new Map()), check);
  });
});
