/**
 * The code action on a `transitive` diagnostic (docs/tree.md): pin an offending
 * package through the package manager's own override — npm `overrides`, yarn `resolutions` — to the
 * newest SIGMA-approved version that every parent's range in the lockfile allows, and only when one
 * exists. The parents' ranges come from the lockfile: a package-lock.json / npm-shrinkwrap.json
 * (v2, v3) entry records what it declares, and a yarn.lock entry's header lists every range that
 * resolved to it. Lockfiles that record no ranges for transitive packages (pnpm, bun, uv, poetry,
 * package-lock v1) get no override: a version the parents may not accept is no fix.
 */
import { modify } from 'jsonc-parser';
import * as semver from 'semver';
import { CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SigmaSettings } from '../settings';
import type { CheckedDependency, LockfileKind, Range } from '../model';
import { splitDescriptor } from '../parse/npm/yarnLock';
import { needsAttention, subtreeOf, type ManifestTree, type TreePackage } from '../tree/treeCheck';
import type { DependencyTree, NodeIndex } from '../tree/types';
import { worstFirst } from '../tree/worstFirst';
import { newestApprovedOf, type PinTargetDeps } from '../stages/pinTargets';

/** At most this many offending packages get an override action per diagnostic. */
const MAX_PACKAGES = 5;

/** Where each package manager reads its overrides in package.json. */
const OVERRIDE_PATH: Partial<Record<LockfileKind, { path: string[]; label: string }>> = {
  'package-lock.json': { path: ['overrides'], label: 'npm overrides' },
  'npm-shrinkwrap.json': { path: ['overrides'], label: 'npm overrides' },
  'yarn.lock': { path: ['resolutions'], label: 'yarn resolutions' },
};

function offsetOf(lineStarts: number[], pos: Range['start']): number {
  return (lineStarts[pos.line] ?? 0) + pos.character;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The nodes that depend on any node of `key`, or undefined when a workspace member depends on it directly (an override would fight its own entry). */
function parentsOf(tree: DependencyTree, key: string): NodeIndex[] | undefined {
  const targets = new Set<NodeIndex>();
  tree.nodes.forEach((n, i) => {
    if (n.key === key) targets.add(i);
  });
  for (const direct of tree.importers.values()) for (const node of direct.values()) if (targets.has(node)) return undefined;
  const parents: NodeIndex[] = [];
  tree.nodes.forEach((n, i) => {
    if (n.deps.some((d) => targets.has(d))) parents.push(i);
  });
  return parents;
}

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** package-lock v2/v3: each parent entry's declared range for `name` (its key sits at the node's range). */
function npmParentRanges(tree: DependencyTree, text: string, parents: NodeIndex[], name: string): string[] | undefined {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return undefined;
  }
  const packages = isObject(root) && isObject(root.packages) ? root.packages : undefined;
  if (!packages) return undefined;
  const starts = lineStartsOf(text);
  const ranges: string[] = [];
  for (const parent of parents) {
    const { range } = tree.nodes[parent];
    let location: unknown;
    try {
      location = JSON.parse(text.slice(offsetOf(starts, range.start), offsetOf(starts, range.end)));
    } catch {
      return undefined;
    }
    const entry = typeof location === 'string' ? packages[location] : undefined;
    if (!isObject(entry)) return undefined;
    let spec: unknown;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      const deps = entry[field];
      if (isObject(deps) && typeof deps[name] === 'string') spec = deps[name];
    }
    if (typeof spec !== 'string' || semver.validRange(spec) === null) return undefined;
    ranges.push(spec);
  }
  return ranges;
}

/** yarn.lock: the ranges in the headers of the package's entries (`"ms@^2.1.1", ms@2.1.3:`), each a parent's range. */
function yarnParentRanges(tree: DependencyTree, text: string, key: string, name: string): string[] | undefined {
  const starts = lineStartsOf(text);
  const ranges: string[] = [];
  for (const node of tree.nodes) {
    if (node.key !== key) continue;
    const line = text.slice(starts[node.range.start.line] ?? 0, starts[node.range.start.line + 1] ?? text.length).trim().replace(/:$/, '');
    for (const part of line.split(',')) {
      const descriptor = part.trim().replace(/^"|"$/g, '');
      if (!descriptor) continue;
      const { name: n, range } = splitDescriptor(descriptor);
      if (n !== name) continue;
      const bare = range.startsWith('npm:') ? range.slice(4) : range;
      if (semver.validRange(bare) === null) return undefined;
      ranges.push(bare);
    }
  }
  return ranges.length > 0 ? ranges : undefined;
}

export interface OverrideRequest {
  doc: TextDocument;
  direct: CheckedDependency;
  tree: ManifestTree;
  /** The lockfile's text, read through the files port (the tree carries ranges, not text). */
  lockText: string;
  diagnostic: Diagnostic;
  settings: SigmaSettings;
  signal: AbortSignal;
}

/** One quick fix per offending package below `direct` that has an approved version every parent allows. */
export async function overrideActions(deps: PinTargetDeps, req: OverrideRequest): Promise<CodeAction[]> {
  const where = OVERRIDE_PATH[req.tree.tree.lockfile];
  const subtree = subtreeOf(req.tree, req.direct);
  if (!where || !subtree || req.direct.dependency.registry !== 'npm') return [];
  const offending = worstFirst(
    subtree.entries.map((e) => e.entry).filter((e): e is TreePackage => 'lockfileRange' in e && needsAttention(e)),
    (e) => e,
  ).slice(0, MAX_PACKAGES);
  const actions: CodeAction[] = [];
  for (const pkg of offending) {
    if (req.signal.aborted) break;
    const parents = parentsOf(req.tree.tree, pkg.key.slice(pkg.key.indexOf(':') + 1));
    if (!parents || parents.length === 0) continue;
    const ranges = where.path[0] === 'resolutions' ? yarnParentRanges(req.tree.tree, req.lockText, `${pkg.name}@${pkg.version}`, pkg.name) : npmParentRanges(req.tree.tree, req.lockText, parents, pkg.name);
    if (!ranges) continue;
    const got = await deps.versions.npmPackument(req.settings.npmRegistryUrl, pkg.name, req.signal);
    if (!('value' in got)) continue;
    const candidates = [...got.value.versions]
      .filter(([v, info]) => v !== pkg.version && !info.deprecated && semver.valid(v) !== null && semver.prerelease(v) === null && ranges.every((r) => semver.satisfies(v, r)))
      .map(([v]) => v)
      .sort(semver.rcompare);
    const { version } = await newestApprovedOf(deps, 'npm', pkg.name, candidates, req.settings, req.signal);
    if (!version) continue;
    const edits = modify(req.doc.getText(), [...where.path, pkg.name], version, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
    const textEdits: TextEdit[] = edits.map((e) => ({ range: { start: req.doc.positionAt(e.offset), end: req.doc.positionAt(e.offset + e.length) }, newText: e.content }));
    const action = CodeAction.create(
      `Override ${pkg.name} ${pkg.version} → ${version} (${where.label}: the newest SIGMA-approved version every parent's range allows)`,
      { changes: { [req.doc.uri]: textEdits } },
      CodeActionKind.QuickFix,
    );
    action.diagnostics = [req.diagnostic];
    actions.push(action);
  }
  return actions;
}
