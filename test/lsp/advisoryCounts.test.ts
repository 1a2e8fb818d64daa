/**
 * A certificate that counts registry advisories (`registryAdvisoryCount` > 0) but sends no rows is
 * never shown clean (docs/security.md): the verify payload, which carries the rows, is asked; when it
 * has none either (or fails), the count and SIGMA's highest severity are the finding.
 */
import assert from 'node:assert/strict';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver-protocol';
import { SummaryRequest } from '../../shared/src/protocol';
import { COUNTED_MANIFEST, advisoryCountData } from '../helpers/advisoryCountData';
import { byCode, startSession, text, type Session } from './session';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

describe('language server: advisories counted without rows', function () {
  let s: Session;
  before(async () => {
    s = await startSession({ data: advisoryCountData() });
  });
  after(() => s.close());

  it('takes the rows from verify, else shows the count and highest severity: never "✓ approved"', async () => {
    s.registry.addFault({ endpoint: 'verify', package: 'counted-verify-fails', fault: { kind: 'status', status: 500 } });
    const { uri, diagnostics } = await s.openAndWait('package.json', COUNTED_MANIFEST, (d) => byCode(d.diagnostics, 'advisory').length >= 4);
    const advisories = byCode(diagnostics, 'advisory').map((d) => [text(d).split(':')[0], d.severity, text(d)]);
    assert.deepEqual(
      advisories.map(([name, severity]) => [name, severity]),
      [
        ['counted-verify 1.0.0', 1],
        ['counted-verify 1.0.0', 2],
        ['counted-only 1.0.0', 1],
        ['counted-verify-fails 1.0.0', 2],
      ],
    );
    assert.match(String(advisories[0][2]), /GHSA-cnt1-0001-0001 \(high\) Prototype pollution/);
    assert.equal(String(advisories[2][2]), 'counted-only 1.0.0: SIGMA counts 3 registry advisories (highest severity critical) but sent no details; see the verify page');
    assert.equal(String(advisories[3][2]), 'counted-verify-fails 1.0.0: SIGMA counts 1 registry advisory (highest severity moderate) but sent no details; see the verify page');

    const hints = (await s.client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE })).map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    // Marked by the worst finding (a high or critical count is ✗, a moderate one ⚠).
    assert.deepEqual(hints, ['✗ approved, 2 advisories', '✗ approved, 3 advisories', '⚠ approved, 1 advisory']);

    const summary = await s.client.connection.sendRequest(SummaryRequest.type);
    assert.deepEqual(
      summary.dependencies.map((d) => [d.name, d.advisoryCount]),
      [
        ['counted-verify', 2],
        ['counted-only', 3],
        ['counted-verify-fails', 1],
      ],
    );

    const hover = await s.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 50 } });
    assert.match((hover?.contents as MarkupContent).value, /SIGMA counts 3 registry advisories \(highest severity critical\); their details were not sent/);
  });
});
