// The first promise a user sees: opening a manifest puts SIGMA's findings on the dependency's own line.
// Expectations follow examples/README.md (the web-app table) and the local registry's fixtures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, lineOf, openDocument, waitForDiagnostics, workspaceRoot } from './helpers';

const MANIFEST = 'web-app/package.json';

/** The range of a dependency's `"name": "spec"` pair, found in the document's text. */
function pairRange(doc: vscode.TextDocument, name: string, spec: string): vscode.Range {
  const line = lineOf(doc, `"${name}": "${spec}"`);
  const text = doc.lineAt(line).text;
  const start = text.indexOf(`"${name}"`);
  const end = text.indexOf(`"${spec}"`, start) + spec.length + 2;
  return new vscode.Range(line, start, line, end);
}

/** A range as plain numbers, so a failed comparison prints readably. */
function numbers(r: vscode.Range): number[] {
  return [r.start.line, r.start.character, r.end.line, r.end.character];
}

suite('diagnostics', () => {
  test('the runner points the extension at the local registry', () => {
    const config = vscode.workspace.getConfiguration('sigma', workspaceRoot());
    const apiUrl = config.get<string>('apiUrl') ?? '';
    assert.match(apiUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(config.get<string>('npmRegistryUrl'), apiUrl);
    assert.equal(config.get<string>('pypiUrl'), apiUrl);
  });

  test('web-app/package.json: rejected left-pad and uncertified minimist, each on its own line', async () => {
    const doc = await openDocument(MANIFEST);
    const leftPad = pairRange(doc, 'left-pad', '1.3.0');
    const minimist = pairRange(doc, 'minimist', '~1.2.5');
    const on = (ds: vscode.Diagnostic[], range: vscode.Range, code: string): vscode.Diagnostic[] =>
      ds.filter((d) => codeOf(d) === code && d.range.isEqual(range));
    const found = await waitForDiagnostics(
      doc.uri,
      (ds) => on(ds, leftPad, 'rejected').length > 0 && on(ds, minimist, 'uncertified').length > 0,
    );

    const rejected = found.filter((d) => codeOf(d) === 'rejected');
    assert.deepEqual(rejected.map((d) => numbers(d.range)), [numbers(leftPad)], 'one rejected, on left-pad');
    assert.equal(rejected[0].severity, vscode.DiagnosticSeverity.Error);

    const uncertified = found.filter((d) => codeOf(d) === 'uncertified');
    assert.deepEqual(uncertified.map((d) => numbers(d.range)), [numbers(minimist)], 'one uncertified, on minimist');
    assert.equal(uncertified[0].severity, vscode.DiagnosticSeverity.Information, 'the default sigma.uncertifiedSeverity');

    // express is approved, clear and advisory-free: nothing on its line.
    const express = lineOf(doc, '"express":');
    assert.deepEqual(found.filter((d) => d.range.start.line === express).map(codeOf), []);
  });
});
