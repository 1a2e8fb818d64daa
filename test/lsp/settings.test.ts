/**
 * Settings over workspace/configuration: uncertifiedSeverity (incl. `none`), sigma.ignore with
 * expiry, re-checks on didChangeConfiguration (severity and apiUrl), and per-folder settings.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { startRegistry } from '../registry';
import { byCode, startSession, text, type Session } from './session';

const TEXT = '{\n  "dependencies": {\n    "minimist": "1.2.5",\n    "left-pad": "1.3.0",\n    "express": "4.19.2"\n  }\n}\n';
const finished = (d: { diagnostics: Array<{ code?: unknown }> }): boolean => d.diagnostics.some((x) => x.code === 'advisory');

describe('language server: settings', function () {
  let s: Session;
  afterEach(() => s?.close());

  for (const [setting, expected] of [
    ['error', DiagnosticSeverity.Error],
    ['warning', DiagnosticSeverity.Warning],
    ['hint', DiagnosticSeverity.Hint],
  ] as const) {
    it(`uncertifiedSeverity "${setting}" sets the uncertified diagnostic's severity`, async () => {
      s = await startSession({ settings: { uncertifiedSeverity: setting } });
      const { diagnostics } = await s.openAndWait('package.json', TEXT, (d) => d.diagnostics.some((x) => x.code === 'uncertified'));
      assert.deepEqual(byCode(diagnostics, 'uncertified').map((d) => d.severity), [expected]);
    });
  }

  it('uncertifiedSeverity "none" drops the uncertified diagnostic but keeps the advisory; changing it re-checks and republishes', async () => {
    s = await startSession({ settings: { uncertifiedSeverity: 'none' } });
    const { uri, diagnostics } = await s.openAndWait('package.json', TEXT, finished);
    assert.equal(byCode(diagnostics, 'uncertified').length, 0);
    assert.equal(byCode(diagnostics, 'advisory').length, 1);
    await s.client.changeSettings(s.settings({ uncertifiedSeverity: 'error' }));
    const again = await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'uncertified').length === 1, 'uncertified after the setting changed');
    assert.equal(byCode(again.diagnostics, 'uncertified')[0].severity, DiagnosticSeverity.Error);
  });

  it('sigma.ignore hides a dependency\'s findings until it expires; an expired suppression shows again and says so', async () => {
    s = await startSession({ settings: { ignore: [{ package: 'npm:left-pad@1.3.0', reason: 'vendored copy', until: '2999-12-31' }] } });
    const { uri, diagnostics } = await s.openAndWait('package.json', TEXT, finished);
    assert.deepEqual(diagnostics.filter((d) => d.range.start.line === 3), [], 'left-pad suppressed');
    assert.ok(diagnostics.some((d) => d.range.start.line === 2), 'minimist is not');

    await s.client.changeSettings(s.settings({ ignore: [{ package: 'npm:left-pad', reason: 'vendored copy', until: '2020-01-31' }] }));
    const expired = await s.client.waitForDiagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'rejected'), 'left-pad back after expiry');
    const rejected = byCode(expired.diagnostics, 'rejected')[0];
    assert.equal(text(rejected), 'left-pad 1.3.0: SIGMA verdict REJECTED (certificate pkg_npm_leftpad_130) (suppression expired 2020-01-31)');
    assert.ok(expired.diagnostics.filter((d) => d.range.start.line === 3).every((d) => text(d).endsWith('(suppression expired 2020-01-31)')));
    const hover = await s.client.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 6 } });
    assert.match(hover.contents.value, /Suppressed: expired vendored copy \(until 2020\\-01\\-31\)/);

    // A suppression for another version range does not apply.
    await s.client.changeSettings(s.settings({ ignore: [{ package: 'npm:left-pad@<1', reason: 'old only' }] }));
    await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'rejected').some((x) => !text(x).includes('suppression')), 'left-pad unsuppressed');
  });

  it('sigma.ignore with a malformed until is refused, never permanent: the findings stay and the user is told which entry', async () => {
    const ignore = [
      { package: 'npm:left-pad', reason: 'day first', until: '31/01/2025' },
      { package: 'npm:minimist', reason: 'month 13', until: '2025-13-01' },
      { package: 'npm:express', reason: 'no such day', until: '2025-02-30' },
    ];
    s = await startSession({ settings: { ignore } });
    const { diagnostics } = await s.openAndWait('package.json', TEXT, (d) => byCode(d.diagnostics, 'rejected').length === 1 && byCode(d.diagnostics, 'advisory').length > 0);
    assert.ok(diagnostics.every((d) => !text(d).includes('suppression')), 'no suppression applied');
    assert.ok(diagnostics.some((d) => d.range.start.line === 2) && diagnostics.some((d) => d.range.start.line === 3), 'minimist and left-pad findings shown');
    const told = (): string[] => s.client.notifications.filter((n) => n.method === 'window/showMessage').map((n) => (n.params as { type: number; message: string }).message);
    await s.client.waitFor(() => told().length >= 3, 'one warning per refused entry');
    assert.deepEqual(told(), [
      'sigma.ignore: the entry for npm:left-pad is not applied — its "until" is "31/01/2025", not a date in the form YYYY-MM-DD (for example 2027-01-31)',
      'sigma.ignore: the entry for npm:minimist is not applied — its "until" is "2025-13-01", not a date in the form YYYY-MM-DD (for example 2027-01-31)',
      'sigma.ignore: the entry for npm:express is not applied — its "until" is "2025-02-30", not a date in the form YYYY-MM-DD (for example 2027-01-31)',
    ]);
    assert.ok(s.client.notifications.filter((n) => n.method === 'window/showMessage').every((n) => (n.params as { type: number }).type === 2), 'warnings');
  });

  it('changing apiUrl re-checks against the new API and republishes', async () => {
    s = await startSession();
    const other = await startRegistry({ quiet: true });
    try {
      delete other.data.certificates['npm/left-pad/1.3.0'];
      const { uri } = await s.openAndWait('package.json', TEXT, (d) => byCode(d.diagnostics, 'rejected').length === 1);
      await s.client.changeSettings(s.settings({ apiUrl: other.url }));
      const after = await s.client.waitForDiagnostics(uri, (d) => byCode(d.diagnostics, 'rejected').length === 0 && byCode(d.diagnostics, 'uncertified').length === 2, 'left-pad uncertified on the other API');
      assert.deepEqual(byCode(after.diagnostics, 'uncertified').map((d) => d.range.start.line), [2, 3]);
      assert.ok(other.requests.some((r) => r.endpoint === 'certificate' && r.package === 'left-pad'), 'the new API was asked');
    } finally {
      await other.close();
    }
  });

  it('multi-root: each folder gets its own settings (folderSettings)', async () => {
    s = await startSession({
      client: (dir) => ({
        workspaceFolders: [path.join(dir, 'a'), path.join(dir, 'b')],
        folderSettings: [
          { folderUri: pathToFileURL(path.join(dir, 'a')).href + '/', settings: { uncertifiedSeverity: 'error' } },
          { folderUri: pathToFileURL(path.join(dir, 'b')).href + '/', settings: { uncertifiedSeverity: 'none', inlineStatus: false } },
        ],
      }),
    });
    const a = await s.openAndWait('a/package.json', TEXT, finished);
    const b = await s.openAndWait('b/package.json', TEXT, finished);
    assert.deepEqual(byCode(a.diagnostics, 'uncertified').map((d) => d.severity), [DiagnosticSeverity.Error]);
    assert.deepEqual(byCode(b.diagnostics, 'uncertified'), []);
    const fullRange = { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } };
    const hintsA = await s.client.connection.sendRequest<unknown[]>('textDocument/inlayHint', { textDocument: { uri: a.uri }, range: fullRange });
    const hintsB = await s.client.connection.sendRequest<unknown[]>('textDocument/inlayHint', { textDocument: { uri: b.uri }, range: fullRange });
    assert.equal(hintsA.length, 3);
    assert.deepEqual(hintsB, [], 'inlineStatus false in folder b');
  });
});
