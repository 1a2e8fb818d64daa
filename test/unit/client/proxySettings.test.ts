import assert from 'node:assert/strict';
import { affectsProxy, proxyInitOptions, proxySettingsFrom } from '../../../client/src/proxySettings';

describe('client: VS Code proxy settings for the language server', () => {
  it('reads http.proxy, http.proxyStrictSSL and http.noProxy, with safe defaults for missing or wrong values', () => {
    const set: Record<string, unknown> = { proxy: ' http://proxy.corp:3128 ', proxyStrictSSL: false, noProxy: ['internal.corp', 7] };
    assert.deepEqual(proxySettingsFrom((k) => set[k]), { proxy: 'http://proxy.corp:3128', strictSSL: false, noProxy: ['internal.corp'] });
    assert.deepEqual(proxySettingsFrom(() => undefined), { proxy: '', strictSSL: true, noProxy: [] });
    assert.deepEqual(proxyInitOptions({ proxy: 'http://p:1', strictSSL: false, noProxy: ['a'] }), { proxy: 'http://p:1', proxyStrictSSL: false, noProxy: ['a'] });
  });

  it('re-sends on a change of any of the three, and only then', () => {
    assert.equal(affectsProxy((s) => s === 'http.noProxy'), true);
    assert.equal(affectsProxy((s) => s === 'http.proxyStrictSSL'), true);
    assert.equal(affectsProxy((s) => s === 'sigma.apiUrl'), false);
  });
});
