import * as assert from 'node:assert/strict';
import { statusBarView } from '../../../client/src/view/statusBarText';
import { summary } from './fixtures';

describe('client: status bar text', () => {
  it('counts by symbol, zero groups left out, rejected turns on the warning background', () => {
    const view = statusBarView(summary({ approved: 21, rejected: 2, uncertified: 3, unresolved: 1, skipped: 2 }));
    assert.equal(view.text, '$(shield) 21 ✓ 2 ✗ 4 ?');
    assert.equal(view.warning, true);
  });

  it('conditional and lookup failures share the ⚠ symbol; no rejection, no warning background', () => {
    const view = statusBarView(summary({ approved: 1, conditional: 1, error: 2 }));
    assert.equal(view.text, '$(shield) 1 ✓ 3 ⚠');
    assert.equal(view.warning, false);
  });

  it('spins while checking, and says SIGMA when nothing is counted yet', () => {
    assert.equal(statusBarView(summary({}, { checking: true })).text, '$(sync~spin) SIGMA');
    assert.equal(statusBarView(summary({ approved: 2 }, { checking: true })).text, '$(sync~spin) 2 ✓');
  });

  it('the tooltip lists every non-zero status worst first, and the network problem', () => {
    const view = statusBarView(summary({ approved: 3, rejected: 1, skipped: 1 }, { networkProblem: 'registry unreachable — showing cached results from 10:42' }));
    assert.deepEqual(view.tooltip.split('\n'), [
      'SIGMA: 5 dependencies checked',
      '✗ 1 rejected',
      '✓ 3 approved',
      '– 1 skipped',
      'Network: registry unreachable — showing cached results from 10:42',
      'Click to show the Dependencies view.',
    ]);
  });
});
