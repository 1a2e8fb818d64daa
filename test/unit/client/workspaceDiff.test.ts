import * as assert from 'node:assert/strict';
import { diffWithWorkspace, normalizePackageName } from '../../../client/src/view/workspaceDiff';
import { dep } from './fixtures';

const item = (registrySource: string, packageName: string, packageVersion: string) => ({ registrySource, packageName, packageVersion });

describe('client: draft items vs workspace', () => {
  it('PyPI names compare by PEP 503, npm names case-insensitively', () => {
    assert.equal(normalizePackageName('pypi', 'Flask_SQLAlchemy'), 'flask-sqlalchemy');
    assert.equal(normalizePackageName('pypi', 'a.-_b'), 'a-b');
    assert.equal(normalizePackageName('npm', '@Types/Node'), '@types/node');
    assert.equal(normalizePackageName('npm', 'a_b'), 'a_b');
  });

  it('same, missing, other version, and extras of the draft registries only', () => {
    const deps = [
      dep({ name: 'express', version: '4.19.2' }),
      dep({ name: 'axios', version: '1.7.2' }),
      dep({ name: 'axios', version: '1.6.0', uri: 'file:///w/other/package.json' }),
      dep({ name: 'lodash', version: '4.17.21' }),
      dep({ name: 'typescript', version: null, status: 'unresolved' }),
      dep({ name: 'ui-kit', version: null, status: 'skipped' }),
      dep({ name: 'ms', version: '2.1.3' }),
      dep({ name: 'requests', registry: 'pypi', normalizedName: 'requests', version: '2.31.0' }),
    ];
    const diff = diffWithWorkspace(
      [item('npm', 'express', '4.19.2'), item('npm', 'axios', '1.6.0'), item('npm', 'lodash', '4.17.20'), item('npm', 'typescript', '5.4.5'), item('npm', 'left-pad', '1.3.0'), item('npm', 'ui-kit', '1.2.0')],
      deps,
    );
    assert.deepEqual(diff.items, [
      { kind: 'same' },
      { kind: 'same' },
      { kind: 'version', workspaceVersions: ['4.17.21'] },
      { kind: 'version', workspaceVersions: [null] },
      { kind: 'missing' },
      { kind: 'missing' },
    ]);
    assert.deepEqual(diff.extras, [{ registry: 'npm', name: 'ms', version: '2.1.3' }], 'skipped entries and other registries are not extras');
  });

  it('a PyPI draft item matches a differently spelled workspace name', () => {
    const diff = diffWithWorkspace([item('pypi', 'Flask_SQLAlchemy', '3.1.1')], [dep({ name: 'flask-sqlalchemy', registry: 'pypi', normalizedName: 'flask-sqlalchemy', version: '3.1.1' })]);
    assert.deepEqual(diff.items, [{ kind: 'same' }]);
  });

  it('an empty workspace marks every item missing and has no extras', () => {
    assert.deepEqual(diffWithWorkspace([item('npm', 'a', '1')], []), { items: [{ kind: 'missing' }], extras: [] });
  });
});
