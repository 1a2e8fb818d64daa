/**
 * An exact PyPI pin is checked as the release pip installs for it (PEP 440 equality: zero padding,
 * local labels), and says so when the index cannot be asked instead of guessing (docs/formats/requirements.md).
 */
import assert from 'node:assert/strict';
import type { SummaryDependency, WorkspaceSummary } from '../../shared/src/protocol';
import { byCode, startSession, text, type Session } from './session';

describe('language server: exact PyPI pins', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  async function summaryAfterCheck(uri: string, from: number): Promise<SummaryDependency[]> {
    await s.client.waitFor(() => s.client.notifications.slice(from).some((n) => n.method === 'sigma/summaryChanged' && (n.params as { checking: boolean }).checking === false), 'the check to finish');
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    return summary.dependencies.filter((d) => d.uri === uri);
  }

  it('==2.31 is checked as 2.31.0 and ==2.2.1 as 2.2.1+cpu, the releases pip installs', async () => {
    const from = s.client.notifications.length;
    const { uri } = await s.openAndWait('requirements.txt', 'requests==2.31\ntorch==2.2.1\n', () => true);
    const deps = await summaryAfterCheck(uri, from);
    assert.deepEqual(
      deps.map((d) => [d.name, d.version, d.resolvedFrom, d.status]),
      [
        ['requests', '2.31.0', 'exact', 'approved'],
        ['torch', '2.2.1+cpu', 'exact', 'approved'],
      ],
    );
    // The findings name the version checked, not the text of the pin.
    const messages = (s.client.diagnostics.get(uri)?.diagnostics ?? []).map(text);
    assert.ok(messages.length > 0 && messages.every((m) => m.startsWith('torch 2.2.1+cpu: ')), messages.join('\n'));
  });

  it('when the index cannot be asked, the pin is unresolved and says why, never checked as written', async () => {
    s.registry.addFault({ endpoint: 'pypiProject', package: 'flask', fault: { kind: 'non-json' } });
    const { diagnostics } = await s.openAndWait('other/requirements.txt', 'flask==3.0.2\n', (d) => byCode(d.diagnostics, 'unresolved').length === 1);
    assert.match(text(byCode(diagnostics, 'unresolved')[0]), /^flask: no exact version could be determined — which release '==3\.0\.2' installs could not be asked of the index — /);
    assert.equal(s.registry.requests.filter((r) => r.endpoint === 'certificate' && r.package === 'flask').length, 0, 'no verdict asked for a guessed version');
  });
});
