// The workspace UI: Dependencies view, status bar, Registry Stats view and the verify command, checked
// through the extension's API against examples/web-app and the local registry's fixtures.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SummaryDependency } from '../../../shared/src/protocol';
import type { DependencyNode } from '../../../client/src/dependenciesView';
import { lineOf, openDocument, requestScreenshot } from './helpers';
import { sigmaApi, waitForRendered, waitForSummary, within } from './ui.api';

const MANIFEST = 'web-app/package.json';

function dependencyNamed(nodes: DependencyNode[], name: string): SummaryDependency {
  const found = nodes.flatMap((n) => (n.kind === 'dependency' && n.dependency.name === name ? [n.dependency] : []));
  if (found.length !== 1) throw new Error(`expected one ${name} in the tree, found ${found.length}`);
  return found[0];
}

suite('ui: views and status bar', () => {
  suiteSetup(async function () {
    this.timeout(120_000);
    const api = await sigmaApi();
    await openDocument(MANIFEST);
    // Every web-app dependency checked (13 entries, none pending), left-pad among the rejected.
    await waitForSummary(api, (s) => !s.checking && s.dependencies.filter((d) => d.uri.endsWith(MANIFEST)).length === 13 && s.counts.rejected >= 1);
  });

  test('Dependencies view: groups by status, rejected first, with the inline status icons', async () => {
    const api = await sigmaApi();
    const tree = api.dependenciesTree;
    const groups = tree.getChildren();
    const statuses = groups.map((g) => (g.kind === 'group' ? g.status : 'not a group'));
    assert.equal(statuses[0], 'rejected');
    assert.deepEqual(statuses, [...statuses].sort((a, b) => order(a) - order(b)), 'groups in STATUS_ORDER');
    const rejectedItem = tree.getTreeItem(groups[0]);
    assert.match(rejectedItem.label as string, /^Rejected \(\d+\)$/);

    const leaves = groups.flatMap((g) => tree.getChildren(g));
    const leftPad = dependencyNamed(leaves, 'left-pad');
    assert.equal(leftPad.status, 'rejected');
    const item = tree.getTreeItem({ kind: 'dependency', dependency: leftPad });
    assert.equal(item.label, 'left-pad');
    assert.equal(item.description, '1.3.0 · lockfile · web-app/package.json');
    assert.ok(item.iconPath instanceof vscode.ThemeIcon);
    assert.equal(item.iconPath.id, 'error');
    assert.equal((item.iconPath.color as unknown as { id: string } | undefined)?.id, 'errorForeground');
    assert.equal(item.command?.command, 'sigma.revealDependency');

    // Certified entries offer "Open Certificate" (context value), the rejected one too since it has a certificate; minimist has none.
    const express = tree.getTreeItem({ kind: 'dependency', dependency: dependencyNamed(leaves, 'express') });
    assert.equal(express.contextValue, 'dependency-certified');
    assert.equal(tree.getTreeItem({ kind: 'dependency', dependency: dependencyNamed(leaves, 'minimist') }).contextValue, 'dependency');
    assert.deepEqual(express.iconPath instanceof vscode.ThemeIcon ? express.iconPath.id : undefined, 'pass');
  });

  test('clicking a dependency reveals its line in the manifest', async () => {
    const api = await sigmaApi();
    const leaves = api.dependenciesTree.getChildren().flatMap((g) => api.dependenciesTree.getChildren(g));
    const minimist = dependencyNamed(leaves, 'minimist');
    const item = api.dependenciesTree.getTreeItem({ kind: 'dependency', dependency: minimist });
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'an editor is active');
    assert.ok(editor.document.uri.path.endsWith(MANIFEST));
    assert.equal(editor.selection.start.line, lineOf(editor.document, '"minimist":'));
    assert.equal(editor.document.getText(editor.selection), editor.document.getText(new vscode.Range(minimist.range.start.line, minimist.range.start.character, minimist.range.end.line, minimist.range.end.character)));
  });

  test('Open Certificate opens only http(s) addresses', async () => {
    const opened = await vscode.commands.executeCommand<boolean>('sigma.openCertificate', {
      uri: 'file:///x/package.json',
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      certificateUrl: 'javascript:alert(1)',
    });
    assert.equal(opened, false);
  });

  test('status bar: counts by status, warning background while anything is rejected', async () => {
    const api = await sigmaApi();
    const s = api.currentSummary();
    const bar = api.statusBar();
    const symbols = `${s.counts.approved} ✓`;
    assert.ok(bar.text.startsWith('$(shield) '), bar.text);
    assert.ok(bar.text.includes(symbols), `${bar.text} should include ${symbols}`);
    assert.ok(bar.text.includes(`${s.counts.rejected} ✗`), bar.text);
    assert.equal(bar.warning, true);
    assert.match(bar.tooltip, new RegExp(`✗ ${s.counts.rejected} rejected`));
    assert.match(bar.tooltip, /Click to show the Dependencies view\./);
  });

  test('Registry Stats view: totals and coverage per registry and tier, as text next to the bars', async () => {
    const api = await sigmaApi();
    const loaded = api.nextStatsLoad();
    await vscode.commands.executeCommand('sigma.showStats');
    const state = await within(loaded, 30_000, () => `stats state ${JSON.stringify(api.statsState())}`);
    assert.equal(state.visible, true);
    assert.ok(state.last?.ok, JSON.stringify(state.last));
    assert.deepEqual(state.last.stats.coverage.npm.top100, { tracked: 100, certified: 38, percent: 38 });
    const rendered = await waitForRendered(() => api.statsRendered(), (r) => r.text.includes('Top 1000'));
    for (const text of ['Packages certified', '287', '$2,987.50', 'npm', 'pypi', 'Top 100', '38 of 100 · 38%', '171 of 500 · 34.2%', '68 of 1,000 · 6.8%']) {
      assert.ok(rendered.text.includes(text), `stats view shows ${JSON.stringify(text)}; it shows ${rendered.text}`);
    }
    // npm has no top500 tier: five tiers in all, one bar each.
    assert.equal(rendered.text.match(/Top \d+/g)?.length, 5);
    assert.equal(rendered.counts.li, 5);
    await requestScreenshot('ui-stats');
  });

  test('sigma.refresh re-checks and reloads the visible stats view', async () => {
    const api = await sigmaApi();
    const before = api.statsState().loads;
    await vscode.commands.executeCommand('sigma.refresh');
    assert.equal(api.statsState().loads, before + 1);
    await waitForSummary(api, (s) => !s.checking && s.counts.rejected >= 1);
  });

  test('sigma.verifyPackage shows the card as a read-only Markdown document', async () => {
    const result = await vscode.commands.executeCommand<{ status: string; markdown: string; uri: string }>('sigma.verifyPackage', { registry: 'npm', name: 'left-pad', version: '1.3.0' });
    assert.equal(result.status, 'rejected');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), result.uri);
    assert.equal(editor.document.uri.scheme, 'sigma-card');
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.getText(), result.markdown);
    assert.match(result.markdown, /left-pad/);
  });
});

const ORDER = ['rejected', 'error', 'conditional', 'uncertified', 'unresolved', 'approved', 'skipped'];
function order(status: string): number {
  return ORDER.indexOf(status);
}
