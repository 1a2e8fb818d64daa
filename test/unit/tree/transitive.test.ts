/**
 * The editor's words for what a direct dependency brings in (features/transitive.ts, docs/tree.md
 * "In the editor"): the `transitive` diagnostic's message, severity and related information, the inline suffix
 * and the hover's "Brings in" section, on hand-made subtrees.
 */
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { CheckedDependency, Finding, TrustStatus } from '../../../server/src/service/model';
import { belowSuffix, broughtInMarkdown, transitiveDiagnostics } from '../../../server/src/service/features/transitive';
import { countStatuses, type ManifestTree, type Subtree, type TreePackage } from '../../../server/src/service/tree/treeCheck';

const R = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 20 } });

function pkg(name: string, version: string, status: TrustStatus, findings: Array<Pick<Finding, 'code' | 'severity'>> = [], extra: Partial<TreePackage> = {}): TreePackage {
  return {
    dependency: { registry: 'npm', name, normalizedName: name, specifier: version, kind: 'exact', constraint: version, section: 'tree', range: R(100) },
    resolution: { version, resolvedFrom: 'lockfile', hashes: [] },
    status,
    facts: null,
    findings: findings.map((f) => ({ ...f, message: `${name} ${version}: ${f.code}` })),
    key: `npm:${name}@${version}`,
    registry: 'npm',
    name,
    version,
    dev: false,
    via: [],
    lockfileRange: R(200 + name.length),
    ...extra,
  };
}

function direct(name: string, version: string): CheckedDependency {
  return { ...pkg(name, version, 'approved'), dependency: { registry: 'npm', name, normalizedName: name, specifier: `^${version}`, kind: 'range', constraint: `^${version}`, section: 'dependencies', range: R(3) } };
}

function subtree(entries: Array<[TreePackage, string[]]>): Subtree {
  return { counts: countStatuses(entries.map(([e]) => e)), entries: entries.map(([entry, path]) => ({ entry, paths: [path] })) };
}

const TREE = { lockfile: 'file:///w/package-lock.json' } as ManifestTree;

describe('transitive (features/transitive.ts)', () => {
  it("the message of docs/tree.md's example when every package named is not approved; related information at each lockfile entry", () => {
    const express = direct('express', '4.19.2');
    const qs = pkg('qs', '6.5.2', 'rejected', [{ code: 'rejected', severity: 'error' }]);
    const ms = pkg('ms', '2.0.0', 'uncertified', [{ code: 'uncertified', severity: 'information' }]);
    const below = subtree([[pkg('debug', '2.6.9', 'approved'), ['debug']], [ms, ['debug', 'ms']], [qs, ['body-parser', 'qs']]]);
    const [d] = transitiveDiagnostics({ uri: 'file:///w/package.json', dependencies: [express] }, TREE, () => below);
    assert.equal(d.message, 'express 4.19.2 brings in 2 packages that are not approved: qs 6.5.2 rejected (via body-parser → qs), ms 2.0.0 uncertified (via debug → ms)');
    assert.equal(d.code, 'transitive');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, express.dependency.range);
    assert.deepEqual(d.relatedInformation, [
      { location: { uri: TREE.lockfile, range: qs.lockfileRange }, message: 'qs 6.5.2 rejected (via body-parser → qs)' },
      { location: { uri: TREE.lockfile, range: ms.lockfileRange }, message: 'ms 2.0.0 uncertified (via debug → ms)' },
    ]);
  });

  it('severity is the worst below; an approved package with a warning is "not approved and clean"; suppressed and quiet-uncertified ones do not count', () => {
    const advisory = pkg('minimist', '1.2.5', 'approved', [{ code: 'advisory', severity: 'warning' }]);
    const suppressed = pkg('left-pad', '1.3.0', 'rejected', [], { suppression: { state: 'active', reason: 'vendored', until: undefined } });
    // sigma.uncertifiedSeverity "none": no finding, so nothing to tell.
    const quiet = pkg('tiny', '1.0.0', 'uncertified');
    const [d] = transitiveDiagnostics({ uri: 'u', dependencies: [direct('app', '1.0.0')] }, TREE, () =>
      subtree([[advisory, ['minimist']], [suppressed, ['left-pad']], [quiet, ['tiny']]]),
    );
    assert.equal(d.message, 'app 1.0.0 brings in 1 package that is not approved and clean: minimist 1.2.5 advisory (via minimist)');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(transitiveDiagnostics({ uri: 'u', dependencies: [direct('app', '1.0.0')] }, TREE, () => subtree([[quiet, ['tiny']]])), []);
  });

  it('names three in the message and "and N more", but relates every one; nothing without a tree or while the direct one is pending', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((n): [TreePackage, string[]] => [pkg(n, '1.0.0', 'uncertified', [{ code: 'uncertified', severity: 'information' }]), ['x', n]]);
    const [d] = transitiveDiagnostics({ uri: 'u', dependencies: [direct('x', '1.0.0')] }, TREE, () => subtree(list));
    assert.equal(d.message, 'x 1.0.0 brings in 5 packages that are not approved: a 1.0.0 uncertified (via x → a), b 1.0.0 uncertified (via x → b), c 1.0.0 uncertified (via x → c), and 2 more');
    assert.equal(d.relatedInformation?.length, 5);
    assert.equal(d.severity, DiagnosticSeverity.Information);
    assert.deepEqual(transitiveDiagnostics({ uri: 'u', dependencies: [direct('x', '1.0.0')] }, undefined, () => subtree(list)), []);
    assert.deepEqual(transitiveDiagnostics({ uri: 'u', dependencies: [{ ...direct('x', '1.0.0'), pending: true }] }, TREE, () => subtree(list)), []);
  });

  it('inline suffix: "· N ✗ below" when something below is rejected, else approved/total, "…" while pending, nothing for an empty subtree', () => {
    const ok = pkg('ok', '1.0.0', 'approved');
    assert.equal(belowSuffix(subtree([[ok, ['ok']], [pkg('bad', '1.0.0', 'rejected'), ['bad']]])), ' · 1 ✗ below');
    assert.equal(belowSuffix(subtree([[ok, ['ok']], [pkg('u', '1.0.0', 'uncertified'), ['u']]])), ' · 1/2 below');
    assert.equal(belowSuffix(subtree([[ok, ['ok']], [pkg('p', '1.0.0', 'unresolved', [], { pending: true }), ['p']]])), ' · … below');
    assert.equal(belowSuffix(subtree([])), '');
    assert.equal(belowSuffix(undefined), '');
  });

  it('hover: counts by status, then at most ten packages with their paths and "… N more"; text escaped', () => {
    const list = Array.from({ length: 12 }, (_, i): [TreePackage, string[]] => [pkg(`p${String(i).padStart(2, '0')}`, '1.0.0', 'uncertified', [{ code: 'uncertified', severity: 'information' }]), ['x', `p${i}`]]);
    list.push([pkg('fine', '1.0.0', 'approved'), ['fine']]);
    list.push([pkg('[evil](command:x)', '1.0.0', 'rejected', [{ code: 'rejected', severity: 'error' }]), ['evil']]);
    const md = broughtInMarkdown(subtree(list));
    const lines = md.split('\n');
    assert.equal(lines[4], '**Brings in** 14 packages: 1 approved, 1 rejected, 12 uncertified');
    assert.equal(lines[6], '- \\[evil\\]\\(command\\:x\\) 1\\.0\\.0 **rejected** — via evil');
    assert.equal(lines.filter((l) => l.startsWith('- ')).length, 11);
    assert.equal(lines[lines.length - 1], '- … 3 more');
  });
});
