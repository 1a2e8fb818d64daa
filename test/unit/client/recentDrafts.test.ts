import * as assert from 'node:assert/strict';
import { draftIdProblem, withRecent } from '../../../client/src/preview/recentDrafts';
import { failureView } from '../../../client/src/view/previewModel';

describe('client: draft ids', () => {
  it('a used id moves to the front, no duplicates, capped', () => {
    assert.deepEqual(withRecent(['a', 'b', 'c'], 'c'), ['c', 'a', 'b']);
    assert.deepEqual(withRecent(['a', 'b'], 'z', 2), ['z', 'a']);
  });

  it('ids with spaces, slashes or query characters are refused before any request', () => {
    assert.equal(draftIdProblem('draft_web_app_42'), undefined);
    for (const bad of ['', '  ', 'a b', '../x', 'a?b', 'a#b', 'x'.repeat(201), 'a\nb']) assert.notEqual(draftIdProblem(bad), undefined, JSON.stringify(bad));
  });

  it('each failure kind has a next step; 401/403 offers Set Token', () => {
    assert.deepEqual(failureView('d', 'unauthorized', 'refused').actions, ['setToken', 'retry']);
    assert.deepEqual(failureView('d', 'insecure', 'http').actions, ['openSettings']);
    assert.match(failureView('d', 'disabled', 'The package preview is not enabled for this account.').message, /not enabled.*Ask SIGMA support/);
    assert.match(failureView('d', 'not-found', 'No draft "d" was found for this account.').title, /not found/);
  });
});
