/**
 * The language server never shows a dependency whose lookup failed like a clean one (docs/security.md):
 * a failed range lookup is not "? unresolved" and an approved version whose advisory rows could not
 * be fetched is not "✓ approved" — in the inlay hint, the diagnostics and sigma/summary.
 */
import assert from 'node:assert/strict';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { SummaryRequest } from '../../shared/src/protocol';
import { byCode, startSession, text, type Session } from './session';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('language server: a failed lookup is never shown as clean', function () {
  let s: Session;
  beforeEach(async () => {
    s = await startSession();
  });
  afterEach(() => s.close());

  const hints = async (uri: string): Promise<string[]> =>
    (await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE })).map((h) => (typeof h.label === 'string' ? h.label : h.label.map((part) => part.value).join('')));

  it('a failed range lookup: "⚠ lookup failed" inline, an unresolved diagnostic saying why, incomplete in the summary', async () => {
    s.registry.addFault({ endpoint: 'npmPackument', package: 'debug', fault: { kind: 'status', status: 500 } });
    const doc = '{\n  "dependencies": {\n    "debug": "^4.3.1",\n    "left-pad": "1.3.0"\n  }\n}\n';
    const settled = (d: { diagnostics: Array<{ code?: unknown }> }): boolean => d.diagnostics.some((x) => x.code === 'unresolved') && d.diagnostics.some((x) => x.code === 'rejected');
    const { uri, diagnostics } = await s.openAndWait('package.json', doc, settled);
    assert.match(text(byCode(diagnostics, 'unresolved')[0]), /^debug: no exact version could be determined — the npm registry failed: .*HTTP 500$/);
    assert.deepEqual(await hints(uri), ['⚠ lookup failed', '✗ rejected']);
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    assert.deepEqual(
      summary.dependencies.map((d) => [d.name, d.status, d.incomplete]),
      [
        ['debug', 'unresolved', true],
        ['left-pad', 'rejected', false],
      ],
    );
  });

  it('advisory rows that could not be fetched: "⚠ approved, advisories unknown", a lookup-failed warning, incomplete in the summary', async () => {
    // chalk 5.3.0's certificate has no advisory snapshot: its rows come from verify, else the npm bulk POST.
    s.registry.addFault({ endpoint: 'verify', package: 'chalk', fault: { kind: 'status', status: 500 } });
    s.registry.addFault({ endpoint: 'npmBulk', fault: { kind: 'status', status: 500 } });
    const { uri, diagnostics } = await s.openAndWait('package.json', '{ "dependencies": { "chalk": "5.3.0" } }', (d) => d.diagnostics.some((x) => x.code === 'lookup-failed'));
    assert.match(text(byCode(diagnostics, 'lookup-failed')[0]), /chalk 5\.3\.0: part of the lookup failed/);
    assert.deepEqual(await hints(uri), ['⚠ approved, advisories unknown']);
    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    assert.deepEqual(summary.dependencies.map((d) => [d.name, d.status, d.incomplete]), [['chalk', 'approved', true]]);
  });
});
