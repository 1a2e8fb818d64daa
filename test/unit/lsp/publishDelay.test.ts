import assert from 'node:assert/strict';
import type { ManifestCheck, ManifestTree } from '../../../server/src/service';
import { publishDelay, publishedEntries } from '../../../server/src/lsp/documentChecks';

describe('lsp/documentChecks: how often a check is published', () => {
  it('publishes first results at once, later batches 50 ms per 100 entries, at most 500 ms', () => {
    assert.equal(publishDelay(3000, true), 0);
    assert.equal(publishDelay(50, false), 50);
    assert.equal(publishDelay(1000, false), 500);
    assert.equal(publishDelay(3050, false), 500);
  });

  it("counts the tree's packages with the direct dependencies", () => {
    const check = { dependencies: new Array(50).fill({}) } as unknown as ManifestCheck;
    const tree = { packages: new Array(3000).fill({}) } as unknown as ManifestTree;
    assert.equal(publishedEntries({ check }), 50);
    assert.equal(publishedEntries({ check, tree }), 3050);
    assert.equal(publishDelay(publishedEntries({ check, tree }), false), 500);
  });
});
