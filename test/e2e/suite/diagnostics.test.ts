// The first promise a user sees: opening a manifest puts SIGMA's findings on the dependency's line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, lineOf, openDocument, sigmaDiagnostics, waitForDiagnostics, workspaceRoot } from './helpers';

const MANIFEST = 'web-app/package.json';
// An exact pin of a package the local registry has no certificate for: SIGMA answers 404.
const UNCERTIFIED = 'sigma-e2e-never-certified';

suite('diagnostics', () => {
  test('the runner points the extension at the local registry', () => {
    const config = vscode.workspace.getConfiguration('sigma', workspaceRoot());
    const apiUrl = config.get<string>('apiUrl') ?? '';
    assert.match(apiUrl, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(config.get<string>('npmRegistryUrl'), apiUrl);
    assert.equal(config.get<string>('pypiUrl'), apiUrl);
  });

  test('package.json: an uncertified exact pin gets an `uncertified` diagnostic on its own line', async () => {
    const doc = await openDocument(MANIFEST);
    const line = lineOf(doc, `"${UNCERTIFIED}"`);
    const found = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'uncertified'));
    const uncertified = found.filter((d) => codeOf(d) === 'uncertified');
    assert.equal(uncertified.length, 1, `one uncertified diagnostic, got ${uncertified.length}`);
    const d = uncertified[0];
    assert.equal(d.source, 'sigma');
    // The range covers the `"name": "spec"` pair on the dependency's line.
    const text = doc.lineAt(line).text;
    const start = text.indexOf(`"${UNCERTIFIED}"`);
    assert.deepEqual(
      [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character],
      [line, start, line, text.indexOf('"1.0.0"') + '"1.0.0"'.length],
    );
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information, 'the default sigma.uncertifiedSeverity');
    // Nothing on the other lines of this manifest.
    assert.deepEqual(sigmaDiagnostics(doc.uri).filter((x) => x.range.start.line !== line), []);
  });
});
