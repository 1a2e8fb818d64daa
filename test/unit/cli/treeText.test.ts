/** The text report's tree section (server/src/cli/report/treeText.ts). */
import assert from 'node:assert/strict';
import type { ManifestTree } from '../../../server/src/service/tree/treeCheck';
import { treeSection } from '../../../server/src/cli/report/treeText';
import { PLAIN } from '../../../server/src/cli/report/textReport';

const same = (s: string): string => s;
const tree = (over: Partial<ManifestTree>): ManifestTree => ({ lockfile: 'package-lock.json', importer: 'member', packages: [], skipped: [], ...over }) as ManifestTree;

describe('cli/report/treeText', () => {
  it('a manifest the lockfile installs nothing below (a workspace member without dependencies) gets no section', () => {
    assert.deepEqual(treeSection(tree({}), PLAIN, same, same, () => ({ text: '', tone: 'green' }) as never), []);
  });

  it('a tree of skipped entries only still lists them under the heading', () => {
    const lines = treeSection(tree({ skipped: [{ name: 'ui-kit', reason: 'git source' }] as never }), PLAIN, same, same, () => ({ text: '', tone: 'green' }) as never);
    assert.match(lines[0], /^ {2}Below the direct dependencies \(package-lock\.json: /);
    assert.equal(lines[1], '    – not checked  ui-kit (git source)');
  });
});
