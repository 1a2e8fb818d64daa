/**
 * The Dependencies view: every checked dependency of the open manifests, grouped by status (worst
 * first), with the inline status's icon and word. A direct dependency that a lockfile's tree holds
 * expands into what it brings in (docs/tree.md), one level at a time, asked of the server lazily; the
 * "problems only" filter hides what is approved and clean all the way down. A click reveals the entry
 * in its manifest or lockfile; certified entries offer "Open Certificate".
 */
import * as vscode from 'vscode';
import type { DependencyStatus, SummaryDependency, TreeChild } from '../../shared/src/protocol';
import type { SummaryModel } from './summaryModel';
import { belowDescription, dependencyContext, dependencyDescription, groupByStatus, hasProblem, treeChildDescription, treeChildLook, treeChildTooltip } from './view/dependencyGroups';
import { STATUS_LOOK, entryLook, statusHeading, type StatusLook } from './view/statusLook';
import { markCycles, type TreeAncestor } from './view/treeCycles';

export type GroupNode = { kind: 'group'; status: DependencyStatus; dependencies: SummaryDependency[] };

export type DependencyNode =
  | GroupNode
  | { kind: 'dependency'; dependency: SummaryDependency }
  /** `cycle`: the package is one of its own ancestors here, shown once more and not expanded (view/treeCycles.ts). */
  | { kind: 'package'; manifest: string; direct: string; child: TreeChild; parent: DependencyNode; cycle: boolean };

/** Asks the server for the packages one level below a direct dependency or a tree package. */
export type TreeChildrenFetch = (params: { uri: string; direct: string; node?: number; problemsOnly: boolean }) => Promise<TreeChild[]>;

const PROBLEMS_ONLY_CONTEXT = 'sigma.problemsOnly';

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
  private onlyProblems = false;

  constructor(
    private readonly model: SummaryModel,
    private readonly fetchChildren: TreeChildrenFetch = () => Promise.resolve([]),
  ) {
    this.subscription = model.onDidChange(() => this.changed.fire(undefined));
  }

  get problemsOnly(): boolean {
    return this.onlyProblems;
  }

  /** The "problems only" filter: hides dependencies and tree packages that are approved and clean, with nothing wrong below. */
  setProblemsOnly(on: boolean): void {
    this.onlyProblems = on;
    void vscode.commands.executeCommand('setContext', PROBLEMS_ONLY_CONTEXT, on);
    this.changed.fire(undefined);
  }

  getChildren(): GroupNode[];
  getChildren(node: GroupNode): DependencyNode[];
  getChildren(node: DependencyNode): DependencyNode[] | Promise<DependencyNode[]>;
  getChildren(node?: DependencyNode): DependencyNode[] | Promise<DependencyNode[]> {
    if (!node) {
      const shown = this.onlyProblems ? this.model.current.dependencies.filter(hasProblem) : this.model.current.dependencies;
      return groupByStatus(shown).map((g): GroupNode => ({ kind: 'group', status: g.status, dependencies: g.dependencies }));
    }
    if (node.kind === 'group') return node.dependencies.map((dependency) => ({ kind: 'dependency', dependency }));
    const uri = node.kind === 'dependency' ? node.dependency.uri : node.manifest;
    const direct = node.kind === 'dependency' ? node.dependency.name : node.direct;
    return this.fetchChildren({ uri, direct, node: node.kind === 'package' ? node.child.node : undefined, problemsOnly: this.onlyProblems }).then(
      (children) => markCycles(children, ancestorsOf(node)).map(({ child, cycle }): DependencyNode => ({ kind: 'package', manifest: uri, direct, child, parent: node, cycle })),
      () => [],
    );
  }

  /** For TreeView.reveal: a package's parent is what it was listed under, a dependency's its status group. */
  getParent(node: DependencyNode): DependencyNode | undefined {
    if (node.kind === 'package') return node.parent;
    if (node.kind === 'group') return undefined;
    const status = node.dependency.status;
    return { kind: 'group', status, dependencies: this.model.current.dependencies.filter((d) => d.status === status) };
  }

  getTreeItem(node: DependencyNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(`${statusHeading(node.status)} (${node.dependencies.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.status}`;
      item.iconPath = themeIcon(STATUS_LOOK[node.status]);
      item.contextValue = 'group';
      return item;
    }
    if (node.kind === 'package') return this.packageItem(node);
    const d = node.dependency;
    const look = entryLook(d.status, d.advisoryCount);
    const expandable = d.below !== undefined && (this.onlyProblems ? d.below.problems > 0 : d.below.packages > 0);
    const item = new vscode.TreeItem(d.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = dependencyId(d);
    item.description = dependencyDescription(d, relativePath(d.uri)) + belowDescription(d.below);
    item.iconPath = themeIcon(look);
    item.contextValue = dependencyContext(d);
    const findings = d.advisoryCount > 0 ? `, ${d.advisoryCount} ${d.advisoryCount === 1 ? 'advisory' : 'advisories'}` : '';
    item.tooltip = `${look.symbol} ${d.registry}:${d.name} ${d.version ?? d.specifier}: ${look.word}${findings}${d.stale ? ' (stale)' : ''}${belowDescription(d.below)}`;
    item.accessibilityInformation = { label: `${d.name} ${d.version ?? d.specifier}, ${look.word}${findings}` };
    item.command = { command: 'sigma.revealDependency', title: 'Reveal Dependency', arguments: [d] };
    return item;
  }

  private packageItem(node: Extract<DependencyNode, { kind: 'package' }>): vscode.TreeItem {
    const c = node.child;
    const expandable = !node.cycle && (this.onlyProblems ? c.problemsBelow > 0 : c.children > 0);
    const item = new vscode.TreeItem(c.name, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = packageId(node);
    const look = treeChildLook(c);
    item.iconPath = themeIcon(look);
    item.description = treeChildDescription(c, node.cycle);
    item.tooltip = treeChildTooltip(c, node.direct, node.cycle);
    item.accessibilityInformation = { label: `${c.name} ${c.version}, ${look.word}${c.problemsBelow > 0 ? `, ${c.problemsBelow} below not approved and clean` : ''}` };
    item.contextValue = 'tree-package';
    // A tree package's line is its lockfile entry.
    item.command = { command: 'sigma.revealDependency', title: 'Reveal in Lockfile', arguments: [{ uri: c.lockfileUri, range: c.range }] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The rows from `node` up to its direct dependency: what a child of `node` must not be to be expanded. */
function ancestorsOf(node: DependencyNode): TreeAncestor[] {
  const out: TreeAncestor[] = [];
  for (let at: DependencyNode | undefined = node; at; at = at.kind === 'package' ? at.parent : undefined) {
    if (at.kind === 'package') out.push(at.child);
    else if (at.kind === 'dependency') out.push(at.dependency);
  }
  return out;
}

function dependencyId(d: SummaryDependency): string {
  return `dep:${d.uri}:${d.range.start.line}:${d.range.start.character}`;
}

/** Unique per path from the direct dependency (a package reached twice is two rows). */
function packageId(node: Extract<DependencyNode, { kind: 'package' }>): string {
  const parent = node.parent;
  return `${parent.kind === 'package' ? packageId(parent) : parent.kind === 'dependency' ? dependencyId(parent.dependency) : `group:${parent.status}`}/${node.child.node}`;
}

function dependencyOf(arg: unknown): SummaryDependency | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = arg as Partial<DependencyNode> & Partial<SummaryDependency>;
  if (node.kind === 'dependency' && 'dependency' in node) return node.dependency;
  return typeof node.uri === 'string' && node.range ? (node as SummaryDependency) : undefined;
}

/** Opens the manifest (or, for a tree package, the lockfile) with the entry selected. */
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

export function registerDependenciesView(model: SummaryModel, fetchChildren?: TreeChildrenFetch): { provider: DependenciesProvider; view: vscode.TreeView<DependencyNode>; disposables: vscode.Disposable[] } {
  const provider = new DependenciesProvider(model, fetchChildren);
  const view = vscode.window.createTreeView('sigma.dependencies', { treeDataProvider: provider, showCollapseAll: true });
  const update = (): void => {
    const rejected = model.current.counts.rejected;
    view.badge = rejected > 0 ? { value: rejected, tooltip: `${rejected} rejected ${rejected === 1 ? 'dependency' : 'dependencies'}` } : undefined;
    view.message = model.current.dependencies.length === 0 ? 'Open a package.json, requirements.txt or pyproject.toml to check its dependencies.' : provider.problemsOnly ? 'Showing problems only.' : undefined;
  };
  update();
  void vscode.commands.executeCommand('setContext', PROBLEMS_ONLY_CONTEXT, false);
  return {
    provider,
    view,
    disposables: [
      provider,
      view,
      model.onDidChange(update),
      vscode.commands.registerCommand('sigma.revealDependency', reveal),
      vscode.commands.registerCommand('sigma.openCertificate', openCertificate),
      vscode.commands.registerCommand('sigma.showProblemsOnly', () => {
        provider.setProblemsOnly(true);
        update();
      }),
      vscode.commands.registerCommand('sigma.showAllPackages', () => {
        provider.setProblemsOnly(false);
        update();
      }),
    ],
  };
}
