/**
 * When results are asked again: a lookup cancelled by a newer edit is asked again (cancellation is
 * never an answer), and open documents are re-checked when their data ages out
 * (docs/architecture.md, "Scheduling in the server").
 */
import assert from 'node:assert/strict';
import { byCode, startSession, text, type Session } from './session';

describe('language server: re-checks', () => {
  let s: Session;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => s.close());

  it('asks again for a lookup that a newer edit cancelled, instead of keeping "cancelled" as its answer', async () => {
    // The first version-list lookup hangs until the edit below cancels it.
    s.registry.addFault({ endpoint: 'pypiProject', package: 'pyyaml', times: 1, fault: { kind: 'timeout' } });
    const original = 'pyyaml>=6.0,<6.0.2\n';
    const uri = s.write('requirements.txt', original);
    await s.client.open(uri, 'pip-requirements', original);
    await s.registry.waitForRequest((r) => r.endpoint === 'pypiProject' && r.package === 'pyyaml');
    // An edit that leaves the requirement as it was: its lookup is cancelled and must be asked again.
    await s.client.change(uri, `${original}# a comment\n`);
    const published = await s.client.waitForDiagnostics(
      uri,
      (d) => byCode(d.diagnostics, 'rejected').length === 1 || byCode(d.diagnostics, 'unresolved').some((x) => /cancel/.test(text(x))),
      'pyyaml checked, or its lookup kept as cancelled',
    );
    assert.deepEqual(
      byCode(published.diagnostics, 'unresolved').map(text),
      [],
      'a cancelled lookup is never shown as the answer',
    );
    assert.equal(byCode(published.diagnostics, 'rejected').length, 1, 'pyyaml 6.0.1 (rejected) after the lookup is asked again');
  });
});
