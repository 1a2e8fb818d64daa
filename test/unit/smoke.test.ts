import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../shared/src/protocol';

describe('settings defaults', () => {
  it('match docs/settings.md', () => {
    assert.equal(DEFAULT_SETTINGS.maxConcurrentRequests, 8);
    assert.equal(DEFAULT_SETTINGS.uncertifiedSeverity, 'information');
  });
});
