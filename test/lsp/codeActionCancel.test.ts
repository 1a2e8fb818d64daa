/**
 * A cancelled or failed "pin to a certified version" lookup is not an answer: the next code-action
 * request asks again instead of hiding the fix for the pin-target cache's lifetime.
 */
import assert from 'node:assert/strict';
import { CancellationTokenSource, CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { byCode, startSession, type Session } from './session';

describe('language server: cancelled code actions', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  async function ask(uri: string, diagnostics: Diagnostic[], token = new CancellationTokenSource()): Promise<CodeAction[]> {
    const params = { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } };
    return ((await s.client.connection.sendRequest(CodeActionRequest.type, params, token.token)) ?? []) as CodeAction[];
  }

  it('offers "Pin to certified version" after an earlier request for it was cancelled', async () => {
    const { uri, diagnostics } = await s.openAndWait('package.json', '{\n  "dependencies": {\n    "minimist": "1.2.5"\n  }\n}\n', (d) => byCode(d.diagnostics, 'uncertified').length === 1);
    const uncertified = byCode(diagnostics, 'uncertified');
    // The version list the pin targets need hangs until the request is cancelled.
    s.registry.addFault({ endpoint: 'npmPackument', package: 'minimist', times: 1, fault: { kind: 'timeout' } });
    const cancelled = new CancellationTokenSource();
    const first = ask(uri, uncertified, cancelled).then(
      (actions) => actions,
      (error: unknown) => error,
    );
    await s.registry.waitForRequest((r) => r.endpoint === 'npmPackument' && r.package === 'minimist');
    cancelled.cancel();
    await first;
    const pins = (await ask(uri, uncertified)).filter((a) => a.edit).map((a) => a.title);
    assert.deepEqual(pins, ['Pin minimist to 1.2.8 (newest SIGMA-approved version matching 1.2.5)']);
  });

  it('offers it again after the registry failed once', async () => {
    const { uri, diagnostics } = await s.openAndWait('failed/package.json', '{\n  "dependencies": {\n    "express": "4.17.1"\n  }\n}\n', (d) => byCode(d.diagnostics, 'uncertified').length === 1);
    const uncertified = byCode(diagnostics, 'uncertified');
    s.registry.addFault({ endpoint: 'npmPackument', package: 'express', times: 1, fault: { kind: 'non-json' } });
    assert.deepEqual((await ask(uri, uncertified)).filter((a) => a.edit), [], 'no pin while the registry cannot list versions');
    const pins = (await ask(uri, uncertified)).filter((a) => a.edit).map((a) => a.title);
    assert.deepEqual(pins, ['Pin express to 4.19.2 (newest SIGMA-approved version matching 4.17.1)']);
  });
});
