import assert from 'node:assert/strict';
import type { TrustStatus } from '../../../server/src/service/model';
import { countByStatus } from '../../../server/src/service/statusCounts';

const of = (...statuses: TrustStatus[]): Array<{ status: TrustStatus }> => statuses.map((status) => ({ status }));

describe('status counts (service/statusCounts.ts), shared by the CLI summary and the tree counts', () => {
  it('counts every entry in the total and under its status, `error` as `errors`', () => {
    const counts = countByStatus('dependencies', of('approved', 'approved', 'rejected', 'error', 'skipped', 'unresolved', 'uncertified', 'conditional'));
    assert.deepEqual(counts, { dependencies: 8, approved: 2, conditional: 1, rejected: 1, uncertified: 1, unresolved: 1, skipped: 1, errors: 1 });
  });

  it('writes the total first, then the statuses in the order the JSON report promises (docs/ci.md)', () => {
    assert.deepEqual(Object.keys(countByStatus('packages', [])), ['packages', 'approved', 'conditional', 'rejected', 'uncertified', 'unresolved', 'skipped', 'errors']);
    assert.deepEqual(Object.keys(countByStatus('dependencies', of('error'))), ['dependencies', 'approved', 'conditional', 'rejected', 'uncertified', 'unresolved', 'skipped', 'errors']);
  });
});
