import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Command } from 'vscode-languageserver-protocol';
import { startSession, text as messageText, type Session } from './session';

const EXAMPLE = path.resolve(__dirname, '../../examples/web-app');

describe('language server: on-demand npm tarball check', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(async () => s.close());

  it('the quick fix downloads the tarball from the configured registry and reports a certificate mismatch', async () => {
    s.write('web-app/package-lock.json', fs.readFileSync(path.join(EXAMPLE, 'package-lock.json'), 'utf8'));
    const text = fs.readFileSync(path.join(EXAMPLE, 'package.json'), 'utf8');
    const { uri, diagnostics } = await s.openAndWait('web-app/package.json', text, (d) => d.diagnostics.some((x) => x.code === 'rejected'));
    assert.ok(!diagnostics.some((d) => d.code === 'integrity-mismatch' && messageText(d).startsWith('ms ')), 'no tarball check before it is asked for');
    const line = text.split('\n').findIndex((l) => l.includes('"ms"'));
    const actions = await s.client.connection.sendRequest<Array<CodeAction | Command>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 6 }, end: { line, character: 6 } },
      context: { diagnostics: [] },
    });
    const verify = actions.find((a): a is CodeAction => 'title' in a && /Verify the ms 2\.1\.3 tarball/.test(a.title));
    assert.ok(verify?.command, `a verify-tarball action is offered: ${actions.map((a) => a.title).join(' | ')}`);
    const before = s.registry.requests.filter((r) => r.endpoint === 'npmTarball').length;
    await s.client.connection.sendRequest('workspace/executeCommand', { command: verify.command.command, arguments: verify.command.arguments });
    const published = await s.client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'integrity-mismatch' && messageText(x).startsWith('ms 2.1.3')), 'the tarball mismatch');
    const mismatch = published.diagnostics.find((x) => x.code === 'integrity-mismatch' && messageText(x).startsWith('ms 2.1.3'))!;
    assert.equal(mismatch.severity, 1);
    assert.match(messageText(mismatch), /is not the distribution SIGMA reviewed/);
    const tarballs = s.registry.requests.filter((r) => r.endpoint === 'npmTarball').slice(before);
    assert.equal(tarballs.length, 1, 'exactly one tarball download');
    assert.match(tarballs[0].rawPath, /^\/ms\/-\/ms-2\.1\.3\.tgz$/);
    assert.ok(!tarballs[0].headers.authorization, 'no token on a registry request');
  });
});
