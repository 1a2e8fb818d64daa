import assert from 'node:assert/strict';
import { MANAGE_TRUST, UNTRUSTED_NOTICE, WorkspaceTrustGate, type TrustHost } from '../../../client/src/workspaceTrust';

function fakeHost(trusted: boolean, answer?: string) {
  const calls = { notices: [] as string[], told: 0, opened: 0 };
  let grant: (() => void) | undefined;
  const host: TrustHost = {
    isTrusted: () => trusted,
    onGranted: (listener) => ((grant = listener), { dispose: () => (grant = undefined) }),
    notify: async (message) => (calls.notices.push(message), answer),
    openTrustSettings: () => void calls.opened++,
    tellServer: () => void calls.told++,
  };
  return { host, calls, grant: () => ((trusted = true), grant?.()) };
}

describe('client: workspace trust', () => {
  it('untrusted: the server starts untrusted, the user is told once, and the server is told when trust is granted', async () => {
    const { host, calls, grant } = fakeHost(false, MANAGE_TRUST);
    const gate = new WorkspaceTrustGate(host);
    assert.equal(gate.trustedAtStart, false);
    await gate.announce();
    await gate.announce();
    assert.deepEqual(calls.notices, [UNTRUSTED_NOTICE]);
    assert.equal(calls.opened, 1);
    assert.equal(calls.told, 0);
    grant();
    await Promise.resolve();
    assert.equal(calls.told, 1);
    gate.dispose();
  });

  it('trusted: nothing to say', async () => {
    const { host, calls } = fakeHost(true);
    const gate = new WorkspaceTrustGate(host);
    assert.equal(gate.trustedAtStart, true);
    await gate.announce();
    assert.deepEqual(calls.notices, []);
  });
});
