// What a user sees in the editor itself: the hover card on a dependency and a quick fix that pins a
// dependency with advisories to a SIGMA-approved version, through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeActions, codeOf, hoverText, lineOf, openDocument, waitForDiagnostics } from './helpers';

const MANIFEST = 'web-app/package.json';

suite('editor: hover card and quick fix', () => {
  let doc: vscode.TextDocument;

  suiteSetup(async function () {
    this.timeout(120_000);
    doc = await openDocument(MANIFEST);
    await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'rejected') && ds.some((d) => codeOf(d) === 'advisory'));
  });

  test('hovering left-pad shows the verdict card with certificate, level and warnings', async () => {
    const line = lineOf(doc, '"left-pad"');
    const text = await hoverText(doc.uri, new vscode.Position(line, doc.lineAt(line).text.indexOf('left-pad') + 2));
    assert.match(text, /SIGMA verdict: \*\*REJECTED\*\*/);
    assert.match(text, /Security level: MEDIUM/);
    assert.match(text, /pkg\\?_npm\\?_leftpad\\?_130/);
    assert.match(text, /Resolved version: `1\.3\.0` from lockfile/);
    assert.match(text, /Retained council warnings/);
    assert.doesNotMatch(text, /\]\(command:/, 'no command links in a hover');
  });

  test('the quick fix on lodash pins it to the approved 4.17.21, and applying it edits only the version', async () => {
    const line = lineOf(doc, '"lodash"');
    const range = new vscode.Range(line, 4, line, doc.lineAt(line).text.length);
    const actions = await codeActions(doc.uri, range);
    const pin = actions.find((a) => /^Pin lodash to 4\.17\.21/.test(a.title));
    assert.ok(pin?.edit, `a pin quick fix is offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(pin.kind?.value, vscode.CodeActionKind.QuickFix.value);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(pin.edit));
    try {
      assert.equal(doc.lineAt(line).text.trim(), '"lodash": "4.17.21",');
      assert.equal(doc.getText().replace('"lodash": "4.17.21"', '"lodash": "^4.17.20"'), before, 'nothing else changed');
    } finally {
      // Leave the example as it was for the tests that follow.
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      const undo = new vscode.WorkspaceEdit();
      undo.replace(doc.uri, whole, before);
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
  });
});
