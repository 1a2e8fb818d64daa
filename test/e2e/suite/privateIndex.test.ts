// A project whose packages come from its own index, in the real editor (docs/security.md, "What a
// manifest may not decide"): a Poetry source that replaces PyPI, on a host the user has not allowed.
// Neither the entry nor what the lockfile says came from that index is looked up; the user reads why,
// with the host and the setting that allows it, on the entry's line, in the Problems panel and in the
// Dependencies view (photographed). The index is a loopback port nothing listens on: were anything
// sent there, it would fail, never leave the machine.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, lineOf, openDocument, requestScreenshot, waitForDiagnostics, workspaceRoot } from './helpers';
import { sigmaApi, waitForSummary } from './ui.api';

const FOLDER = 'corp-app';
const INDEX = 'http://127.0.0.1:9/corp/simple';
// The Problems panel's "Show Active File Only" filter (VS Code's markers view).
const TOGGLE_ACTIVE_FILE_ONLY = 'workbench.actions.workbench.panel.markers.view.toggleActiveFile';

const PYPROJECT = `[tool.poetry]
name = "corp-app"
version = "0.1.0"
description = ""
authors = []

[tool.poetry.dependencies]
python = "^3.8"
corp-internal-lib = "^1.2"

[[tool.poetry.source]]
name = "corp"
url = "${INDEX}"
priority = "primary"
`;

function lockedPackage(name: string, version: string, dependencies = ''): string {
  return `[[package]]\nname = "${name}"\nversion = "${version}"\ndescription = ""\noptional = false\npython-versions = "*"\nfiles = []\n${dependencies}\n[package.source]\ntype = "legacy"\nurl = "${INDEX}"\nreference = "corp"\n\n`;
}

const POETRY_LOCK = `${lockedPackage('corp-internal-lib', '1.2.0', '[package.dependencies]\ncorp-auth = "*"\n')}${lockedPackage('corp-auth', '0.3.0')}[metadata]\nlock-version = "2.0"\npython-versions = "^3.8"\ncontent-hash = "0"\n`;

suite('a project whose own index is not allowed', () => {
  suiteSetup(() => {
    const dir = join(workspaceRoot().fsPath, FOLDER);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pyproject.toml'), PYPROJECT);
    writeFileSync(join(dir, 'poetry.lock'), POETRY_LOCK);
  });

  test('the entry and the package below it say "not looked up", naming the host and sigma.allowedIndexHosts', async function () {
    this.timeout(120_000);
    const doc = await openDocument(`${FOLDER}/pyproject.toml`);
    const uri = doc.uri.toString();
    const line = lineOf(doc, 'corp-internal-lib = "^1.2"');
    const found = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'unresolved' && d.range.start.line === line));
    const entry = found.find((d) => codeOf(d) === 'unresolved' && d.range.start.line === line)!;
    assert.match(entry.message, /^corp-internal-lib: not looked up — its index 127\.0\.0\.1:9 is not one of the configured registries; add "127\.0\.0\.1:9" to sigma\.allowedIndexHosts/);
    const below = found.find((d) => codeOf(d) === 'transitive');
    assert.equal(below?.message, 'corp-internal-lib brings in 1 package that is not approved: corp-auth not looked up (via corp-auth)');
    assert.equal(entry.severity, vscode.DiagnosticSeverity.Information);
    assert.deepEqual(found.map(codeOf).filter((c) => c !== 'unresolved' && c !== 'transitive'), [], 'nothing else: in particular never approved or uncertified');
    // Inline it reads as what happened: nothing failed and nothing was asked (not "lookup failed"), never clean.
    const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
    assert.deepEqual(hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))), ['⚠ not looked up · 0/1 below']);

    // The whole tree is done and the package below is counted as a problem, not as clean.
    const api = await sigmaApi();
    const summary = await waitForSummary(api, (s) => !s.checking && s.dependencies.some((d) => d.uri === uri && d.name === 'corp-internal-lib' && d.below?.pending === 0));
    const row = summary.dependencies.find((d) => d.uri === uri && d.name === 'corp-internal-lib')!;
    assert.equal(row.status, 'unresolved');
    assert.equal(row.version, null, 'nothing about the version was checked, so none is claimed');
    assert.deepEqual([row.below?.packages, row.below?.approved, row.below?.problems], [1, 0, 1]);

    // As a user meets it: the Dependencies view on the entry, the Problems panel with the message.
    await vscode.commands.executeCommand('sigma.dependencies.focus');
    const tree = api.dependenciesTree;
    const node = tree
      .getChildren()
      .flatMap((g) => tree.getChildren(g))
      .find((n) => n.kind === 'dependency' && n.dependency.uri === uri && n.dependency.name === 'corp-internal-lib');
    assert.ok(node, 'corp-internal-lib is in the Dependencies view');
    await api.dependenciesView.reveal(node, { select: true, expand: true });
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    // The Problems panel lists only this file's problems while photographed (a toggle: put back after).
    await vscode.commands.executeCommand(TOGGLE_ACTIVE_FILE_ONLY);
    try {
      await requestScreenshot('private-index');
    } finally {
      await vscode.commands.executeCommand(TOGGLE_ACTIVE_FILE_ONLY);
    }
  });
});
