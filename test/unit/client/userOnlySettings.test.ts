import assert from 'node:assert/strict';
import { userLevelValue, withUserOnlySettings } from '../../../client/src/userOnlySettings';

describe('client: settings a workspace may not decide', () => {
  it('sigma.allowedIndexHosts takes the user value (else the default), never the workspace or folder value', () => {
    assert.deepEqual(userLevelValue({ defaultValue: [], globalValue: ['pypi.corp'] }), ['pypi.corp']);
    assert.deepEqual(userLevelValue({ defaultValue: [] }), []);
    const workspaceAnswer = { apiUrl: 'https://api.example', allowedIndexHosts: ['evil.example'] };
    const answers = withUserOnlySettings([{ section: 'sigma' }, { section: 'sigma.allowedIndexHosts' }, { section: 'http' }], [workspaceAnswer, ['evil.example'], { proxy: '' }], () => ['pypi.corp']);
    assert.deepEqual(answers, [{ apiUrl: 'https://api.example', allowedIndexHosts: ['pypi.corp'] }, ['pypi.corp'], { proxy: '' }]);
    assert.deepEqual(workspaceAnswer.allowedIndexHosts, ['evil.example'], 'the original answer is not mutated');
  });
});
