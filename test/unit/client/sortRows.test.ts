import * as assert from 'node:assert/strict';
import type { PreviewRow } from '../../../client/src/view/previewModel';
import { nextSort, sortRows } from '../../../client/src/view/sortRows';

function row(packageName: string, status: string, estimatedPriceUsd?: number, diff: PreviewRow['diff'] = { kind: 'same' }): PreviewRow {
  return { packageName, packageVersion: '1.0.0', registrySource: 'npm', status, warnings: [], diff, ...(estimatedPriceUsd === undefined ? {} : { estimatedPriceUsd }) };
}

const rows = [row('express', 'CERTIFIED', 0), row('minimist', 'UNCERTIFIED', 1), row('zod', 'QUEUED_FOR_COUNCIL'), row('left-pad', 'REJECTED', 0, { kind: 'missing' }), row('@types/node', 'TO_AUDIT', 3.5)];
const names = (list: PreviewRow[]): string[] => list.map((r) => r.packageName);

describe('client: preview table sorting', () => {
  it('status ascending is worst first, unknown statuses before CERTIFIED', () => {
    assert.deepEqual(names(sortRows(rows, 'status', 'ascending')), ['left-pad', 'minimist', '@types/node', 'zod', 'express']);
    assert.deepEqual(names(sortRows(rows, 'status', 'descending')), ['express', 'zod', '@types/node', 'minimist', 'left-pad']);
  });

  it('price sorts numerically with missing prices last either way; ties by name', () => {
    assert.deepEqual(names(sortRows(rows, 'price', 'ascending')), ['express', 'left-pad', 'minimist', '@types/node', 'zod']);
    assert.deepEqual(names(sortRows(rows, 'price', 'descending')), ['@types/node', 'minimist', 'left-pad', 'express', 'zod']);
  });

  it('package names sort case-insensitively; workspace differences first', () => {
    assert.deepEqual(names(sortRows(rows, 'package', 'ascending')), ['@types/node', 'express', 'left-pad', 'minimist', 'zod']);
    assert.equal(sortRows(rows, 'workspace', 'ascending')[0].packageName, 'left-pad');
  });

  it('does not modify its input', () => {
    const before = names(rows);
    sortRows(rows, 'package', 'descending');
    assert.deepEqual(names(rows), before);
  });

  it('clicking the sorted column flips it, another column starts ascending', () => {
    assert.deepEqual(nextSort(undefined, 'price'), { column: 'price', direction: 'ascending' });
    assert.deepEqual(nextSort({ column: 'price', direction: 'ascending' }, 'price'), { column: 'price', direction: 'descending' });
    assert.deepEqual(nextSort({ column: 'price', direction: 'descending' }, 'status'), { column: 'status', direction: 'ascending' });
  });
});
