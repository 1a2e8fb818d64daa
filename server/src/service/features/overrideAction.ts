/**
 * The code action on a `transitive` diagnostic (docs/tree.md): pin an offending
 * package through the package manager's own override — npm `overrides`, yarn `resolutions`,
 * `pnpm.overrides` (or `overrides` in pnpm-workspace.yaml), uv `override-dependencies` — to the
 * newest SIGMA-approved version that every parent's range allows, and only when one exists. The
 * parents' ranges come from the lockfile where it records them: a package-lock.json /
 * npm-shrinkwrap.json (v2, v3) entry records what it declares, and a yarn.lock entry's header lists
 * every range that resolved to it. pnpm-lock.yaml and uv.lock record only the parents' exact
 * versions, so their ranges are what those versions declare on the registry (the npm packument's
 * `dependencies`, PyPI's `requires_dist`). Lockfiles that record neither (bun, poetry, package-lock
 * v1, yarn classic) get no override: a version the parents may not accept is no fix.
 */
import * as semver from 'semver';
import { explain as pep440Explain, rcompare as pep440Rcompare, valid as pep440Valid } from '@renovatebot/pep440';
import { CodeAction, CodeActionKind, type Diagnostic, type TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SigmaSettings } from '../settings';
import type { CheckedDependency, Range } from '../model';
import { splitDescriptor } from '../parse/npm/yarnLock';
import { needsAttention, subtreeOf, type ManifestTree, type TreePackage } from '../tree/treeCheck';
import type { DependencyTree, NodeIndex } from '../tree/types';
import { worstFirst } from '../tree/worstFirst';
import { newestApprovedOf, type PinTargetDeps } from '../stages/pinTargets';
import { matchesAll, parseSpecifierSet } from '../resolve/pep440Match';
import { declaredNpmRanges, declaredPypiSpecifiers } from './overrideRanges';
import { jsonOverrideEdits, pnpmWorkspaceOverrideEdits, uvOverrideEdits, type OffsetEdit } from './overrideEdits';

/** At most this many offending packages get an override action per diagnostic. */
const MAX_PACKAGES = 5;

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
  /** pnpm: the pnpm-workspace.yaml beside pnpm-lock.yaml, when there is one (where pnpm ≥ 10 reads `overrides`). */
  pnpmWorkspace?: { uri: string; text: string };
  diagnostic: Diagnostic;
  settings: SigmaSettings;
  signal: AbortSignal;
}

/** Where the override goes: a JSON path in the manifest, pnpm-workspace.yaml, or pyproject.toml's `[tool.uv]`. */
type Target = { kind: 'json'; path: string[]; label: string } | { kind: 'pnpm-workspace'; uri: string; text: string; label: string } | { kind: 'uv'; label: string };

/** The major version of pnpm that `packageManager` names (`pnpm@9.15.9+sha512…`), if it names pnpm. */
function pnpmMajor(manifest: Json): number | undefined {
  const pm = manifest.packageManager;
  const m = typeof pm === 'string' ? /^pnpm@(\d+)\./.exec(pm) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * pnpm reads `pnpm.overrides` from package.json up to pnpm 10 and `overrides` from pnpm-workspace.yaml
 * from pnpm 10.5 on (pnpm 11 reads only the latter; docs/tree.md). The override goes where the project
 * already keeps them: package.json when it has `pnpm.overrides`, or when the project uses pnpm < 10
 * (`packageManager`, or a v6 lockfile: pnpm 8); otherwise pnpm-workspace.yaml when there is one,
 * else package.json.
 */
function pnpmTarget(req: OverrideRequest): Target | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(req.doc.getText());
  } catch {
    return undefined;
  }
  if (!isObject(manifest)) return undefined;
  const inManifest: Target = { kind: 'json', path: ['pnpm', 'overrides'], label: 'pnpm.overrides' };
  const pnpm = manifest.pnpm;
  if (isObject(pnpm) && isObject(pnpm.overrides)) return inManifest;
  const major = pnpmMajor(manifest);
  const oldPnpm = (major !== undefined && major < 10) || /^lockfileVersion: ['"]?6\./m.test(req.lockText.slice(0, 200));
  if (!oldPnpm && req.pnpmWorkspace) return { kind: 'pnpm-workspace', ...req.pnpmWorkspace, label: 'pnpm-workspace.yaml overrides' };
  return inManifest;
}

function targetOf(req: OverrideRequest): Target | undefined {
  // npm, yarn, pnpm and uv read overrides only at the workspace root: a member's manifest is not where they go.
  if (req.tree.importer !== '') return undefined;
  switch (req.tree.tree.lockfile) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return { kind: 'json', path: ['overrides'], label: 'npm overrides' };
    case 'yarn.lock':
      return { kind: 'json', path: ['resolutions'], label: 'yarn resolutions' };
    case 'pnpm-lock.yaml':
      return pnpmTarget(req);
    case 'uv.lock':
      return { kind: 'uv', label: 'uv override-dependencies' };
    default:
      return undefined;
  }
}

/** The ranges (npm) or specifier sets (PyPI) every parent of `pkg` asks for, or undefined when one is not known. */
async function parentRanges(deps: PinTargetDeps, req: OverrideRequest, parents: NodeIndex[], pkg: TreePackage): Promise<string[] | undefined> {
  switch (req.tree.tree.lockfile) {
    case 'yarn.lock':
      return yarnParentRanges(req.tree.tree, req.lockText, `${pkg.name}@${pkg.version}`, pkg.name);
    case 'pnpm-lock.yaml':
      return declaredNpmRanges(deps.versions, req.settings, req.tree.tree, parents, pkg.name, req.signal);
    case 'uv.lock':
      return declaredPypiSpecifiers(deps.versions, req.settings, req.tree.tree, parents, pkg.name, req.signal);
    default:
      return npmParentRanges(req.tree.tree, req.lockText, parents, pkg.name);
  }
}

/** Versions other than the installed one that every range allows, newest first (no pre-releases, deprecated or yanked ones). */
async function candidatesFor(deps: PinTargetDeps, req: OverrideRequest, pkg: TreePackage, ranges: string[]): Promise<string[] | undefined> {
  if (pkg.registry === 'npm') {
    const got = await deps.versions.npmPackument(req.settings.npmRegistryUrl, pkg.name, req.signal);
    if (!('value' in got)) return undefined;
    return [...got.value.versions]
      .filter(([v, info]) => v !== pkg.version && !info.deprecated && semver.valid(v) !== null && semver.prerelease(v) === null && ranges.every((r) => semver.satisfies(v, r)))
      .map(([v]) => v)
      .sort(semver.rcompare);
  }
  const sets = ranges.map((r) => (r === '' ? [] : parseSpecifierSet(r)));
  if (sets.some((c) => c === null)) return undefined;
  const got = await deps.versions.pypiProject(req.settings.pypiUrl, pkg.name, req.signal);
  if (!('value' in got)) return undefined;
  return [...got.value.releases]
    .filter(([v, info]) => v !== pkg.version && !info.yanked && pep440Valid(v) !== null && !pep440Explain(v)?.is_prerelease && sets.every((c) => matchesAll(c!, v)))
    .map(([v]) => v)
    .sort(pep440Rcompare);
}

/** The edits that write the override, keyed by document URI; undefined when the file's layout is not one the writers handle. */
function overrideChanges(req: OverrideRequest, target: Target, name: string, version: string): Record<string, TextEdit[]> | undefined {
  const asTextEdits = (doc: TextDocument, edits: OffsetEdit[]): TextEdit[] => edits.map((e) => ({ range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) }, newText: e.content }));
  if (target.kind === 'json') return { [req.doc.uri]: asTextEdits(req.doc, jsonOverrideEdits(req.doc.getText(), target.path, name, version)) };
  if (target.kind === 'uv') {
    const edits = uvOverrideEdits(req.doc.getText(), name, version);
    return edits && { [req.doc.uri]: asTextEdits(req.doc, edits) };
  }
  const edits = pnpmWorkspaceOverrideEdits(target.text, name, version);
  return edits && { [target.uri]: asTextEdits(TextDocument.create(target.uri, 'yaml', 0, target.text), edits) };
}

/** One quick fix per offending package below `direct` that has an approved version every parent allows. */
export async function overrideActions(deps: PinTargetDeps, req: OverrideRequest): Promise<CodeAction[]> {
  const target = targetOf(req);
  const subtree = subtreeOf(req.tree, req.direct);
  const registry = req.tree.tree.lockfile === 'uv.lock' ? 'pypi' : 'npm';
  if (!target || !subtree || req.direct.dependency.registry !== registry) return [];
  const offending = worstFirst(
    subtree.entries.map((e) => e.entry).filter((e): e is TreePackage => 'lockfileRange' in e && needsAttention(e)),
    (e) => e,
  ).slice(0, MAX_PACKAGES);
  const actions: CodeAction[] = [];
  for (const pkg of offending) {
    if (req.signal.aborted) break;
    const parents = parentsOf(req.tree.tree, pkg.key.slice(pkg.key.indexOf(':') + 1));
    if (!parents || parents.length === 0) continue;
    const ranges = await parentRanges(deps, req, parents, pkg);
    if (!ranges) continue;
    const candidates = await candidatesFor(deps, req, pkg, ranges);
    if (!candidates) continue;
    const { version } = await newestApprovedOf(deps, registry, pkg.name, candidates, req.settings, req.signal);
    if (!version) continue;
    const changes = overrideChanges(req, target, pkg.name, version);
    if (!changes) continue;
    const action = CodeAction.create(
      `Override ${pkg.name} ${pkg.version} → ${version} (${target.label}: the newest SIGMA-approved version every parent's range allows)`,
      { changes },
      CodeActionKind.QuickFix,
    );
    action.diagnostics = [req.diagnostic];
    actions.push(action);
  }
  return actions;
}
