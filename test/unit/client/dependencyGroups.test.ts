import * as assert from 'node:assert/strict';
import { dependencyContext, dependencyDescription, groupByStatus } from '../../../client/src/view/dependencyGroups';
import { entryLook } from '../../../client/src/view/statusLook';
import { dep } from './fixtures';

describe('client: dependency groups', () => {
  it('groups follow STATUS_ORDER (rejected first), empty groups are left out, members sorted by name', () => {
    const groups = groupByStatus([
      dep({ name: 'lodash', status: 'approved' }),
      dep({ name: 'minimist', status: 'uncertified' }),
      dep({ name: 'express', status: 'approved' }),
      dep({ name: 'left-pad', status: 'rejected' }),
    ]);
    assert.deepEqual(
      groups.map((g) => [g.status, g.dependencies.map((d) => d.name)]),
      [
        ['rejected', ['left-pad']],
        ['uncertified', ['minimist']],
        ['approved', ['express', 'lodash']],
      ],
    );
  });

  it('description: version, where it came from, staleness, file', () => {
    assert.equal(dependencyDescription(dep({ name: 'a', version: '4.19.2', resolvedFrom: 'lockfile' }), 'web-app/package.json'), '4.19.2 · lockfile · web-app/package.json');
    assert.equal(dependencyDescription(dep({ name: 'a', version: '1.2.8', resolvedFrom: 'registry', stale: true }), 'p.json'), '1.2.8 · newest match · stale · p.json');
    assert.equal(dependencyDescription(dep({ name: 'a', version: null, resolvedFrom: null, specifier: 'git+https://x' }), 'p.json'), 'git+https://x · p.json');
  });

  it('context value says certified only for an http(s) certificate URL', () => {
    assert.equal(dependencyContext(dep({ name: 'a', certificateUrl: 'https://api.example/verify' })), 'dependency-certified');
    assert.equal(dependencyContext(dep({ name: 'a', certificateUrl: 'javascript:alert(1)' })), 'dependency');
    assert.equal(dependencyContext(dep({ name: 'a' })), 'dependency');
  });
});

describe('client: entry look', () => {
  it('an approved version with advisories looks like the inline "⚠ approved, N advisories"', () => {
    assert.equal(entryLook('approved', 2).icon, 'warning');
    assert.equal(entryLook('approved', 2).symbol, '⚠');
    assert.equal(entryLook('approved', 0).icon, 'pass');
    assert.equal(entryLook('rejected', 3).icon, 'error');
  });
});
