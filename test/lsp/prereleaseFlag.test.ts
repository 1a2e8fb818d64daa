/**
 * A file-wide option that changes what pip picks (`--pre`) re-checks every requirement it applies to
 * at once, without waiting for each requirement's own line to change.
 */
import assert from 'node:assert/strict';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { byCode, startSession, text, type Session } from './session';

describe('language server: requirements-wide options', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  const onLine = (d: PublishDiagnosticsParams, code: string, line: number): string[] => byCode(d.diagnostics, code).filter((x) => x.range.start.line === line).map(text);

  it('adding --pre re-resolves an unchanged requirement to the newest pre-release', async () => {
    const { uri } = await s.openAndWait('requirements.txt', 'pyyaml>=6.0.1\n', (d) => byCode(d.diagnostics, 'rejected').length === 1);
    // flask==3.0.3 (uncertified) comes in with the same edit: its diagnostic says the edit's check ran.
    await s.client.change(uri, '--pre\npyyaml>=6.0.1\nflask==3.0.3\n');
    const after = await s.client.waitForDiagnostics(
      uri,
      (d) => onLine(d, 'uncertified', 2).length === 1 && onLine(d, 'rejected', 1).length + onLine(d, 'uncertified', 1).length === 1,
      'the edit checked',
    );
    assert.deepEqual(onLine(after, 'rejected', 1), [], 'pyyaml is no longer the 6.0.1 picked without --pre');
    assert.match(onLine(after, 'uncertified', 1)[0] ?? '', /pyyaml 6\.0\.2rc1/);
  });
});
