// The whole tree in the real editor (docs/tree.md): a project whose lockfile holds a rejected package
// three levels below a direct dependency (test/fixtures/tree/npm-app: express → finalhandler → debug →
// left-pad), copied into the open workspace. The Dependencies view expands express down to left-pad,
// the "problems only" filter drops the clean branch, and the view is photographed in light and dark.
import * as assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { DependencyNode } from '../../../client/src/dependenciesView';
import { codeOf, lineOf, openDocument, requestScreenshot, waitForDiagnostics, workspaceRoot } from './helpers';
import { sigmaApi, waitForSummary, within } from './ui.api';

// The bundle runs from dist-test/e2e/ inside the repository.
const FIXTURE = resolve(__dirname, '..', '..', 'test', 'fixtures', 'tree', 'npm-app');
const FOLDER = 'tree-app';
// Two packages that depend on each other (cyc-a → cyc-b → cyc-a), as npm lockfiles can hold.
const CYCLE_FIXTURE = resolve(__dirname, '..', '..', 'test', 'fixtures', 'tree', 'npm-cycle');
const CYCLE_FOLDER = 'cycle-app';

function names(nodes: DependencyNode[]): string[] {
  return nodes.map((n) => (n.kind === 'package' ? n.child.name : n.kind === 'dependency' ? n.dependency.name : n.status));
}

function named(nodes: DependencyNode[], name: string): DependencyNode {
  const found = nodes.filter((n) => n.kind === 'package' && n.child.name === name);
  if (found.length !== 1) throw new Error(`expected one ${name} among ${names(nodes).join(', ')}`);
  return found[0];
}

type DependenciesTree = Awaited<ReturnType<typeof sigmaApi>>['dependenciesTree'];

/** The view's row for the direct dependency `name` of the manifest `uri`, under its status group. */
function directNode(tree: DependenciesTree, name: string, uri: string): DependencyNode | undefined {
  return tree
    .getChildren()
    .flatMap((g) => tree.getChildren(g))
    .find((n) => n.kind === 'dependency' && n.dependency.name === name && n.dependency.uri === uri);
}

/** Switches the colour theme and resolves once the workbench applied it. */
async function useTheme(theme: string): Promise<void> {
  const applied = new Promise<void>((done) => {
    const sub = vscode.window.onDidChangeActiveColorTheme(() => {
      sub.dispose();
      done();
    });
  });
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  await within(applied, 20_000, () => `the ${theme} theme`);
}

suite('the whole tree in the Dependencies view', () => {
  suiteSetup(() => {
    cpSync(FIXTURE, join(workspaceRoot().fsPath, FOLDER), { recursive: true });
    cpSync(CYCLE_FIXTURE, join(workspaceRoot().fsPath, CYCLE_FOLDER), { recursive: true });
  });

  test('expanding express down to the rejected left-pad; "problems only" hides the clean branch; light and dark', async function () {
    this.timeout(180_000);
    const api = await sigmaApi();
    const doc = await openDocument(`${FOLDER}/package.json`);
    const uri = doc.uri.toString();
    const expressLine = lineOf(doc, '"express"');
    // The whole tree checked: nothing below express is pending any more.
    await waitForSummary(api, (s) => !s.checking && s.dependencies.some((d) => d.uri === uri && d.name === 'express' && d.below?.pending === 0 && d.below.rejected === 1));
    const found = await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'transitive' && d.range.start.line === expressLine && d.message.includes('left-pad 1.3.0 rejected')));
    const transitive = found.find((d) => codeOf(d) === 'transitive')!;
    assert.equal(transitive.severity, vscode.DiagnosticSeverity.Error);
    assert.match(transitive.message, /^express 4\.19\.2 brings in \d+ packages? that (is|are) not approved( and clean)?: left-pad 1\.3\.0 rejected \(via finalhandler → debug → left-pad\)/);

    const tree = api.dependenciesTree;
    const express = directNode(tree, 'express', uri);
    assert.ok(express, 'express is in the view');
    const expressItem = tree.getTreeItem(express);
    assert.equal(expressItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.match(String(expressItem.description), / · 1 ✗ below$/);

    const level1 = await tree.getChildren(express);
    assert.deepEqual(names(level1), ['finalhandler', 'lodash']);
    const level2 = await tree.getChildren(named(level1, 'finalhandler'));
    assert.deepEqual(names(level2), ['debug', 'minimist']);
    const level3 = await tree.getChildren(named(level2, 'debug'));
    assert.deepEqual(names(level3), ['left-pad', 'ms']);
    const leftPad = named(level3, 'left-pad');
    const item = tree.getTreeItem(leftPad);
    assert.equal(item.label, 'left-pad');
    assert.equal(item.description, '1.3.0');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.equal(item.iconPath.id, 'error');
    assert.equal(item.command?.command, 'sigma.revealDependency');

    // As a user would see it: the view open, the branch expanded down to left-pad and selected. The
    // Registry Stats view (tested before this file) is closed so the branch has the sidebar's height,
    // and each level is expanded in turn (revealing left-pad alone left finalhandler collapsed).
    await vscode.commands.executeCommand('sigma.dependencies.focus');
    if ((await vscode.commands.getCommands(true)).includes('sigma.stats.removeView')) await vscode.commands.executeCommand('sigma.stats.removeView');
    for (const row of [express, named(level1, 'finalhandler'), named(level2, 'debug')]) await api.dependenciesView.reveal(row, { expand: true });
    await api.dependenciesView.reveal(leftPad, { select: true, focus: true });
    await requestScreenshot('tree-light');
    const before = vscode.workspace.getConfiguration('workbench').inspect('colorTheme')?.globalValue;
    await useTheme('Default Dark Modern');
    try {
      await requestScreenshot('tree-dark');
    } finally {
      await vscode.workspace.getConfiguration('workbench').update('colorTheme', before, vscode.ConfigurationTarget.Global);
    }

    // Clicking left-pad opens its entry in the lockfile.
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is active');
    assert.ok(editor.document.uri.path.endsWith(`${FOLDER}/package-lock.json`), editor.document.uri.path);
    assert.equal(editor.document.getText(editor.selection), '"node_modules/left-pad"');

    await vscode.commands.executeCommand('sigma.showProblemsOnly');
    try {
      assert.deepEqual(names(await tree.getChildren(express)), ['finalhandler'], 'lodash is approved and clean all the way down');
    } finally {
      await vscode.commands.executeCommand('sigma.showAllPackages');
    }
  });

  test('a cycle is cut: a package that is its own ancestor is shown once more, marked, and not expanded', async function () {
    this.timeout(120_000);
    const api = await sigmaApi();
    const doc = await openDocument(`${CYCLE_FOLDER}/package.json`);
    const uri = doc.uri.toString();
    await waitForSummary(api, (s) => !s.checking && s.dependencies.some((d) => d.uri === uri && d.name === 'cyc-a' && d.below?.pending === 0 && d.below.packages === 1));
    const tree = api.dependenciesTree;
    const a = directNode(tree, 'cyc-a', uri);
    assert.ok(a, 'cyc-a is in the view');
    const [b] = await tree.getChildren(a);
    assert.deepEqual(names([b]), ['cyc-b']);
    assert.equal(tree.getTreeItem(b).collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const again = await tree.getChildren(b);
    assert.deepEqual(names(again), ['cyc-a']);
    const item = tree.getTreeItem(again[0]);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None, 'not expanded again');
    assert.match(String(item.description), /^1\.0\.0 · ↻ cycle$/);
  });
});
