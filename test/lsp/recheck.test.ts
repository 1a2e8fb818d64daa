/**
 * When results are asked again: a lookup cancelled by a newer edit is asked again (cancellation is
 * never an answer), and open documents are re-checked when their data ages out
 * (docs/architecture.md, "Scheduling in the server").
 */
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { WorkspaceSummary } from '../../shared/src/protocol';
import { certificateKey, loadFixtureData } from '../registry';
import { certificate } from '../helpers/testData';
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

describe('language server: data that ages out (sigma.cacheTtlMinutes)', () => {
  // 0.02 minutes: answers age out 1.2 s after they were fetched.
  const TTL_MINUTES = 0.02;
  const LEFT_PAD = certificateKey('npm', 'left-pad', '1.3.0');
  const MANIFEST = '{\n  "dependencies": {\n    "left-pad": "^1.3.0"\n  }\n}\n';
  let s: Session;

  async function start(details: boolean): Promise<string> {
    const data = loadFixtureData();
    const extra = details ? { fileSetHash: 'b'.repeat(64), councilRoundId: 'round_1' } : {};
    data.certificates[LEFT_PAD] = certificate('npm', 'left-pad', '1.3.0', { councilVerdict: 'REJECTED', ...extra });
    // requestTimeoutMs: a hanging re-check stays in flight for the whole test.
    s = await startSession({ data, settings: { cacheTtlMinutes: TTL_MINUTES, requestTimeoutMs: 120_000 } });
    const { uri } = await s.openAndWait('package.json', MANIFEST, (d) => byCode(d.diagnostics, 'rejected').length === 1);
    return uri;
  }
  afterEach(() => s.close());

  async function hoverText(uri: string): Promise<string> {
    const h = await s.client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.ok(h, 'a hover');
    return (h.contents as MarkupContent).value;
  }

  it('re-checks an open document when its answers age out, without an edit, and shows the new verdict', async () => {
    const uri = await start(false);
    s.registry.data.certificates[LEFT_PAD].councilVerdict = 'APPROVED';
    await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'rejected').length === 0, 'the new verdict after the data aged out');
  });

  it('labels aged-out data stale in the hover while it is asked again', async () => {
    const uri = await start(true);
    // The re-check's version-list lookup hangs, so the old answer is what the document shows meanwhile.
    s.registry.clearLog();
    s.registry.addFault({ endpoint: 'npmPackument', package: 'left-pad', fault: { kind: 'timeout' } });
    await s.registry.waitForRequest((r) => r.endpoint === 'npmPackument' && r.package === 'left-pad');
    assert.match(await hoverText(uri), /- Data: stale \(fetched /);
  });

  it('a newer verdict fetched by the hover wins in diagnostics and the summary too', async () => {
    const uri = await start(false);
    s.registry.data.certificates[LEFT_PAD].councilVerdict = 'APPROVED';
    // The re-check hangs on the version list; only the hover's own verify call can see the new verdict.
    s.registry.clearLog();
    s.registry.addFault({ endpoint: 'npmPackument', package: 'left-pad', fault: { kind: 'timeout' } });
    await s.registry.waitForRequest((r) => r.endpoint === 'npmPackument' && r.package === 'left-pad');
    // The version list ages out a moment before the certificate fetched after it: hover until the
    // certificate has aged out too and the hover's verify call asks for it again (each hover is a request).
    let card = await hoverText(uri);
    for (let i = 0; i < 100 && !card.includes('**APPROVED**'); i++) card = await hoverText(uri);
    assert.match(card, /- SIGMA verdict: \*\*APPROVED\*\*/);
    await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'rejected').length === 0, 'the newer verdict in the diagnostics');
    const summary = await s.client.connection.sendRequest<WorkspaceSummary>('sigma/summary');
    assert.deepEqual(summary.dependencies.map((d) => [d.name, d.status]), [['left-pad', 'approved']]);
  });
});
