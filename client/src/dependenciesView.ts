/**
 * The Dependencies view: every checked dependency of the open manifests, grouped by status (worst
 * first), with the inline status's icon and word. A click reveals the entry in its manifest; certified
 * entries offer "Open Certificate".
 */
import * as vscode from 'vscode';
import type { DependencyStatus, SummaryDependency } from '../../shared/src/protocol';
import type { SummaryModel } from './summaryModel';
import { dependencyContext, dependencyDescription, groupByStatus } from './view/dependencyGroups';
import { STATUS_LOOK, entryLook, statusHeading, type StatusLook } from './view/statusLook';

export type DependencyNode = { kind: 'group'; status: DependencyStatus; dependencies: SummaryDependency[] } | { kind: 'dependency'; dependency: SummaryDependency };

function relativePath(uri: string): string {
  return vscode.workspace.asRelativePath(vscode.Uri.parse(uri));
}

function themeIcon(look: StatusLook): vscode.ThemeIcon {
  return new vscode.ThemeIcon(look.icon, new vscode.ThemeColor(look.color));
}

export class DependenciesProvider implements vscode.TreeDataProvider<DependencyNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DependencyNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: SummaryModel) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  getChildren(node?: DependencyNode): DependencyNode[] {
    if (!node) return groupByStatus(this.model.current.dependencies).map((g) => ({ kind: 'group', status: g.status, dependencies: g.dependencies }));
    if (node.kind === 'group') return node.dependencies.map((dependency) => ({ kind: 'dependency', dependency }));
    return [];
  }

  getTreeItem(node: DependencyNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(`${statusHeading(node.status)} (${node.dependencies.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.status}`;
      item.iconPath = themeIcon(STATUS_LOOK[node.status]);
      item.contextValue = 'group';
      return item;
    }
    const d = node.dependency;
    const look = entryLook(d.status, d.advisoryCount);
    const item = new vscode.TreeItem(d.name, vscode.TreeItemCollapsibleState.None);
    item.id = `dep:${d.uri}:${d.range.start.line}:${d.range.start.character}`;
    item.description = dependencyDescription(d, relativePath(d.uri));
    item.iconPath = themeIcon(look);
    item.contextValue = dependencyContext(d);
    const findings = d.advisoryCount > 0 ? `, ${d.advisoryCount} ${d.advisoryCount === 1 ? 'advisory' : 'advisories'}` : '';
    item.tooltip = `${look.symbol} ${d.registry}:${d.name} ${d.version ?? d.specifier}: ${look.word}${findings}${d.stale ? ' (stale)' : ''}`;
    item.accessibilityInformation = { label: `${d.name} ${d.version ?? d.specifier}, ${look.word}${findings}` };
    item.command = { command: 'sigma.revealDependency', title: 'Reveal Dependency', arguments: [d] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function dependencyOf(arg: unknown): SummaryDependency | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<DependencyNode> & Partial<SummaryDependency>;
  if (node.kind === 'dependency' && 'dependency' in node) return node.dependency;
  return typeof node.uri === 'string' && node.range ? (node as SummaryDependency) : undefined;
}

/** Opens the manifest with the dependency's entry selected. */
async function reveal(arg: unknown): Promise<void> {
  const d = dependencyOf(arg);
  if (!d) return;
  const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(d.uri));
  await vscode.window.showTextDocument(doc, { selection: range, preserveFocus: false });
}

/** Opens the certificate's verify page in the browser; only http(s) addresses are ever opened. */
async function openCertificate(arg: unknown): Promise<boolean> {
  const url = dependencyOf(arg)?.certificateUrl;
  if (!url || !/^https?:\/\//i.test(url)) {
    void vscode.window.showWarningMessage('SIGMA: this dependency has no certificate to open.');
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(url, true));
}

export function registerDependenciesView(model: SummaryModel): { provider: DependenciesProvider; view: vscode.TreeView<DependencyNode>; disposables: vscode.Disposable[] } {
  const provider = new DependenciesProvider(model);
  const view = vscode.window.createTreeView('sigma.dependencies', { treeDataProvider: provider, showCollapseAll: true });
  const update = (): void => {
    const rejected = model.current.counts.rejected;
    view.badge = rejected > 0 ? { value: rejected, tooltip: `${rejected} rejected ${rejected === 1 ? 'dependency' : 'dependencies'}` } : undefined;
    view.message = model.current.dependencies.length === 0 ? 'Open a package.json, requirements.txt or pyproject.toml to check its dependencies.' : undefined;
  };
  update();
  return {
    provider,
    view,
    disposables: [
      provider,
      view,
      model.onDidChange(update),
      vscode.commands.registerCommand('sigma.revealDependency', reveal),
      vscode.commands.registerCommand('sigma.openCertificate', openCertificate),
    ],
  };
}
