// A pnpm workspace in the real editor: a member's package.json is pinned by the root pnpm-lock.yaml,
// and a `catalog:` specifier is resolved through pnpm-workspace.yaml. The project is the one pnpm 9
// wrote (test/fixtures/lockfiles/pnpm-v9, its README names the command), copied into the open workspace.
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import { codeOf, hoverText, lineOf, openDocument, requestScreenshot, waitForDiagnostics, workspaceRoot } from './helpers';
import { sigmaApi, waitForSummary } from './ui.api';

// The bundle runs from dist-test/e2e/ inside the repository.
const FIXTURE = resolve(__dirname, '..', '..', 'test', 'fixtures', 'lockfiles', 'pnpm-v9');
const FOLDER = 'pnpm-workspace';
const MEMBER = `${FOLDER}/packages/app/package.json`;
const ROOT = `${FOLDER}/package.json`;

/** The position of a dependency's name in the document. */
function nameAt(doc: vscode.TextDocument, name: string, spec: string): vscode.Position {
  const line = lineOf(doc, `"${name}": "${spec}"`);
  return new vscode.Position(line, doc.lineAt(line).text.indexOf(`"${name}"`) + 1);
}

suite('a pnpm workspace', () => {
  suiteSetup(() => {
    // installed.json is the test's record of node_modules, not part of the project.
    cpSync(FIXTURE, join(workspaceRoot().fsPath, FOLDER), { recursive: true, filter: (source) => !source.endsWith('installed.json') });
  });

  test('a member is pinned by the root pnpm-lock.yaml, and `catalog:` resolves through pnpm-workspace.yaml', async function () {
    this.timeout(120_000);
    const doc = await openDocument(MEMBER);
    // debug@^4.3.4 is 4.4.3 in the lockfile, which the local registry has not certified.
    const debugLine = lineOf(doc, '"debug": "^4.3.4"');
    const found = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'uncertified' && d.range.start.line === debugLine));
    const debug = found.find((d) => codeOf(d) === 'uncertified' && d.range.start.line === debugLine);
    assert.match(debug?.message ?? '', /^debug 4\.4\.3: /);

    const debugHover = await hoverText(doc.uri, nameAt(doc, 'debug', '^4.3.4'));
    assert.match(debugHover, /Resolved version: `4\.4\.3` from lockfile/);
    // `ms: catalog:` → the default catalog's ^2.1.3 → 2.1.3 in the lockfile, which is certified.
    const msHover = await hoverText(doc.uri, nameAt(doc, 'ms', 'catalog:'));
    assert.match(msHover, /\*\*ms\*\* `2\.1\.3` — ✓ approved/);
    assert.match(msHover, /Resolved version: `2\.1\.3` from lockfile/);
    // The whole tree of the pnpm workspace is checked to the end: the status never stays "checking".
    const summary = await waitForSummary(await sigmaApi(), (s) => !s.checking && s.tree !== undefined && s.tree.pending === 0);
    assert.ok(summary.dependencies.some((d) => d.name === 'debug' && d.version === '4.4.3'));
    await requestScreenshot('pnpm-workspace');
  });

  test('the root, opened after the member, gets its own entries of the one reading of the lockfile', async function () {
    this.timeout(120_000);
    // The root lockfile is read once for every member (docs/formats/tree.md): the root's pins come
    // from the reading the member's check made, and must be the root importer's, not the member's.
    const doc = await openDocument(ROOT);
    // `cookie: catalog:legacy` → the legacy catalog's ^0.6.0 → 0.6.0 under the root importer.
    await waitForSummary(await sigmaApi(), (s) => !s.checking && s.dependencies.some((d) => d.name === 'cookie' && d.version === '0.6.0'));
    assert.match(await hoverText(doc.uri, nameAt(doc, 'cookie', 'catalog:legacy')), /Resolved version: `0\.6\.0` from lockfile/);
    assert.match(await hoverText(doc.uri, nameAt(doc, 'express', '^4.19.2')), /Resolved version: `4\.22\.3` from lockfile/);
  });
});
