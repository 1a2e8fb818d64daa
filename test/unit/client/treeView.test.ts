import * as assert from 'node:assert/strict';
import type { TreeChild } from '../../../shared/src/protocol';
import { belowDescription, hasProblem, treeChildDescription, treeChildLook, treeChildTooltip } from '../../../client/src/view/dependencyGroups';
import { statusBarView } from '../../../client/src/view/statusBarText';
import { markCycles } from '../../../client/src/view/treeCycles';
import { dep, summary } from './fixtures';

function child(fields: Partial<TreeChild> & { name: string }): TreeChild {
  return {
    node: 3,
    registry: 'npm',
    version: '1.0.0',
    dev: false,
    status: 'approved',
    advisoryCount: 0,
    problem: false,
    problemsBelow: 0,
    children: 0,
    lockfileUri: 'file:///w/package-lock.json',
    range: { start: { line: 40, character: 4 }, end: { line: 40, character: 27 } },
    ...fields,
  };
}

describe('client: the tree below a direct dependency (docs/tree.md)', () => {
  it('a direct dependency says what is below it as the inline status does', () => {
    assert.equal(belowDescription({ packages: 57, approved: 55, rejected: 0, problems: 2, pending: 0 }), ' · 55/57 below');
    assert.equal(belowDescription({ packages: 6, approved: 3, rejected: 1, problems: 4, pending: 0 }), ' · 1 ✗ below');
    assert.equal(belowDescription({ packages: 6, approved: 0, rejected: 0, problems: 0, pending: 6 }), ' · … below');
    assert.equal(belowDescription({ packages: 0, approved: 0, rejected: 0, problems: 0, pending: 0 }), '');
    assert.equal(belowDescription(undefined), '');
  });

  it('"problems only" keeps what is not approved and clean, or has such a package below it', () => {
    assert.equal(hasProblem(dep({ name: 'lodash' })), false);
    assert.equal(hasProblem(dep({ name: 'express', below: { packages: 6, approved: 3, rejected: 1, problems: 4, pending: 0 } })), true);
    assert.equal(hasProblem(dep({ name: 'axios', advisoryCount: 1 })), true);
    assert.equal(hasProblem(dep({ name: 'minimist', status: 'uncertified' })), true);
  });

  it('a tree package: version, dev, problems below; its icon and tooltip; pending while checked', () => {
    assert.equal(treeChildDescription(child({ name: 'debug', version: '4.3.4', problemsBelow: 2 })), '4.3.4 · ⚠ 2 below');
    assert.equal(treeChildDescription(child({ name: 'typescript', version: '5.4.5', dev: true })), '5.4.5 · dev');
    assert.equal(treeChildLook(child({ name: 'left-pad', status: 'rejected' })).icon, 'error');
    assert.equal(treeChildLook(child({ name: 'x', status: 'pending' })).word, 'being checked');
    // ms 2.1.3 approved, but its lockfile sha256 is not what SIGMA reviewed: not the ✓ of approved and clean.
    assert.equal(treeChildLook(child({ name: 'ms', status: 'approved', problem: true })).icon, 'warning');
    assert.equal(treeChildLook(child({ name: 'lodash', status: 'approved' })).icon, 'pass');
    assert.equal(treeChildTooltip(child({ name: 'left-pad', version: '1.3.0', status: 'rejected' }), 'express'), '✗ npm:left-pad 1.3.0: rejected (brought in by express)');
  });

  it('a package that is its own ancestor is listed once more, marked as a cycle, and not expanded again', () => {
    // express → a → b → a (npm lockfiles can hold such loops): below b, `a` is a cycle, `c` is not.
    const express = { registry: 'npm', name: 'express', version: '4.19.2' };
    const a = child({ name: 'a', version: '1.0.0', node: 1, children: 1 });
    const b = child({ name: 'b', version: '2.0.0', node: 2, children: 2 });
    const below = [child({ name: 'a', version: '1.0.0', node: 1, children: 1 }), child({ name: 'c', version: '1.0.0', node: 4 })];
    assert.deepEqual(markCycles(below, [b, a, express]).map(({ child: c, cycle }) => [c.name, cycle]), [['a', true], ['c', false]]);
    // Another version of the same name, or the same version from the other registry, is no cycle.
    assert.deepEqual(markCycles([child({ name: 'a', version: '1.0.1' }), child({ name: 'a', version: '1.0.0', registry: 'pypi' })], [a]).map((r) => r.cycle), [false, false]);
    // The direct dependency itself, reached again below it.
    assert.deepEqual(markCycles([child({ name: 'express', version: '4.19.2' })], [a, express]).map((r) => r.cycle), [true]);
    // A row with an unresolved version is never matched.
    assert.deepEqual(markCycles([child({ name: 'x', version: '' })], [{ registry: 'npm', name: 'x', version: null }]).map((r) => r.cycle), [false]);
    assert.equal(treeChildDescription(child({ name: 'a', version: '1.0.0', problemsBelow: 2 }), true), '1.0.0 · ↻ cycle');
    assert.match(treeChildTooltip(child({ name: 'a', version: '1.0.0' }), 'express', true), /\n↻ A cycle: a 1\.0\.0 depends on itself through the packages above/);
  });

  it('status bar: the tree beside the direct counts, rejected below turns on the warning background', () => {
    const tree = { packages: 5, counts: { approved: 2, conditional: 0, rejected: 1, uncertified: 2, error: 0, unresolved: 0, skipped: 0 }, pending: 0 };
    const view = statusBarView(summary({ approved: 3 }, { tree }));
    assert.equal(view.text, '$(shield) 3 ✓ · 2/5 below 1 ✗');
    assert.equal(view.warning, true);
    assert.deepEqual(view.tooltip.split('\n'), [
      'SIGMA: 3 dependencies checked',
      '✓ 3 approved',
      'Below the direct dependencies: 5 packages',
      '✗ 1 rejected',
      '? 2 uncertified',
      '✓ 2 approved',
      'Click to show the Dependencies view.',
    ]);
    assert.equal(statusBarView(summary({ approved: 3 }, { tree: { ...tree, packages: 0, counts: { ...tree.counts, approved: 0, rejected: 0, uncertified: 0 } } })).text, '$(shield) 3 ✓');
  });
});
