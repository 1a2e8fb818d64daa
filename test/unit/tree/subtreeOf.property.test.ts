/**
 * `subtreeOf` finds a direct dependency's subtree by its manifest name through an index built once
 * per tree; it must give what the plain `directNames.indexOf` lookup gave (the first position of a
 * name wins), for any names, duplicates and unknown names included.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CheckedDependency } from '../../../server/src/service/model';
import { subtreeOf, type ManifestTree, type Subtree } from '../../../server/src/service/tree/treeCheck';

function entryNamed(name: string): CheckedDependency {
  const at = { line: 0, character: 0 };
  return {
    dependency: { registry: 'npm', name, normalizedName: name, specifier: '1.0.0', kind: 'exact', constraint: '1.0.0', section: 'dependencies', range: { start: at, end: at } },
    resolution: { version: '1.0.0', resolvedFrom: 'exact', hashes: [] },
    status: 'approved',
    facts: null,
    findings: [],
  };
}

/** A tree with only what subtreeOf reads: the direct names and one distinct subtree (or none) per position. */
function treeOf(names: string[], holes: boolean[]): { tree: ManifestTree; subtrees: Array<Subtree | undefined> } {
  const subtrees = names.map((_n, i) => (holes[i] ? undefined : { counts: { packages: i, approved: 0, conditional: 0, rejected: 0, uncertified: 0, errors: 0, unresolved: 0, skipped: 0 }, entries: [] }));
  const tree = { lockfile: 'file:///l', importer: '', packages: [], skipped: [], subtrees, directNames: names, complete: true } as unknown as ManifestTree;
  return { tree, subtrees };
}

describe('subtreeOf (property: the same answer as directNames.indexOf)', () => {
  it('for any direct names, duplicates and names not in the tree', () => {
    const name = fc.constantFrom('a', 'b', 'c', '@s/d', 'e', 'constructor', '__proto__', '');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), fc.array(name, { maxLength: 6 }), (names, holes, asked) => {
        const { tree, subtrees } = treeOf(names, holes);
        for (const n of [...asked, ...names]) {
          const index = names.indexOf(n);
          assert.equal(subtreeOf(tree, entryNamed(n)), index < 0 ? undefined : subtrees[index]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('no tree, no subtree', () => {
    assert.equal(subtreeOf(undefined, entryNamed('a')), undefined);
  });
});
