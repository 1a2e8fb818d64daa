import * as assert from 'node:assert/strict';
import { compareTree, workspaceNote } from '../../../client/src/view/treeComparison';

describe('client: draft transitive figures vs the workspace tree', () => {
  it('puts both figures side by side and marks the ones that differ', () => {
    const c = compareTree({ transitiveDependenciesChecked: 57, transitiveDependenciesUncertified: 12 }, { packages: 57, counts: { uncertified: 3 }, pending: 0 });
    assert.deepEqual(c.checked, { draft: 57, workspace: 57, differs: false });
    assert.deepEqual(c.uncertified, { draft: 12, workspace: 3, differs: true });
    assert.equal(c.workspacePending, false);
    assert.equal(workspaceNote(c.uncertified, c.workspacePending), 'workspace: 3');
  });

  it('a workspace without a lockfile tree, or a quote without the figures, compares as unknown, never as a difference', () => {
    const none = compareTree({ transitiveDependenciesChecked: 57 }, undefined);
    assert.deepEqual(none.checked, { draft: 57, workspace: undefined, differs: false });
    assert.equal(workspaceNote(none.checked, none.workspacePending), 'workspace: no lockfile tree');
    const noDraft = compareTree({}, { packages: 10, counts: { uncertified: 1 }, pending: 0 });
    assert.deepEqual(noDraft.uncertified, { draft: undefined, workspace: 1, differs: false });
  });

  it('hostile or odd numbers from the network read as unknown', () => {
    for (const bad of [-1, 1.5, '57', null, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(compareTree({ transitiveDependenciesChecked: bad }, undefined).checked.draft, undefined, String(bad));
    }
  });

  it('while the tree is still being checked, the workspace figure says so', () => {
    const c = compareTree({ transitiveDependenciesUncertified: 2 }, { packages: 40, counts: { uncertified: 1 }, pending: 12 });
    assert.equal(c.workspacePending, true);
    assert.equal(workspaceNote(c.uncertified, c.workspacePending), 'workspace: 1 so far');
  });
});
