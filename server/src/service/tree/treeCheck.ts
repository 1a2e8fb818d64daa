/**
 * Checking the whole installed tree (docs/tree.md): every distinct registry package a lockfile
 * installs, judged exactly like a direct dependency (certificate, verify fallback, advisories,
 * integrity, suppressions: the same `computeFindings`), each name@version looked up once however many
 * manifests and paths share it, and traced back to the direct dependencies that bring it in.
 *
 * Two steps, so the drivers decide the timing: `planTree` is pure and instant (which packages, which
 * paths, which subtrees); `checkTrees` looks up everything the plans need in ONE trust batch (one npm
 * bulk POST for the whole tree) after the direct dependencies were published, and fills the plans in
 * place as answers arrive.
 */
import { MANIFEST_FORMATS } from '../../../../shared/src/formats';
import type { SigmaSettings } from '../settings';
import type { TrustServiceLike } from '../checker';
import { computeFindings, statusOf } from '../stages/findings';
import { applySuppression, matchSuppression } from '../stages/suppressions';
import { trustSettingsOf } from '../settings';
import type { CheckedDependency, Dependency, LockfileKind, Range, Registry, Resolution, TrustFacts } from '../model';
import { trustKey, type TrustItem } from '../trustTypes';
import { countByStatus, type StatusCounts } from '../statusCounts';
import { sriSha256Hex } from './sri';
import { indexRefusal } from '../resolve/indexRefusal';
import type { DependencyTree, NodeIndex, TreeNode } from './types';
import { directDependencies, shortestPaths, subtree } from './walk';

/** One tree package: a CheckedDependency (so reports, `--fail-on` and baselines treat it like any other) plus where it sits. */
export interface TreePackage extends CheckedDependency {
  /** `registry:name@version`, the trust key. */
  key: string;
  registry: Registry;
  name: string;
  version: string;
  dev: boolean;
  /** Up to three shortest paths, each from a direct dependency's manifest name down to this package. */
  via: string[][];
  /** The package's entry in the lockfile. */
  lockfileRange: Range;
}

/** Counts by status, the shape of `subtree` and `tree.summary` (docs/tree.md; `packages` is the total). */
export type TreeCounts = StatusCounts<'packages'>;

/** What one direct dependency brings in. */
export interface Subtree {
  counts: TreeCounts;
  /**
   * Every distinct package below it, each with its shortest paths from this direct dependency
   * (without the direct dependency's own name: `['body-parser', 'qs']`). Packages that are also
   * direct dependencies of the manifest appear here with their direct result.
   */
  entries: Array<{ entry: CheckedDependency; paths: string[][] }>;
}

/** A lockfile entry below the direct dependencies that is not a registry package (git, path, link, workspace member): never looked up, but counted. */
export interface TreeSkip {
  registry: Registry;
  name: string;
  /** Why it was not looked up, as the lockfile parser says it. */
  reason: string;
  lockfileRange: Range;
}

export interface ManifestTree {
  /** The lockfile as the driver names it (a relative path in reports, a URI in the editor). */
  lockfile: string;
  tree: DependencyTree;
  /** The manifest's importer in the tree (its folder relative to the lockfile's, `''` the same folder). */
  importer: string;
  /** The lockfile's path through the files port, when the driver knows it (the override code action reads its ranges). */
  lockfilePath?: string;
  /** Packages installed by the lockfile that are not themselves a direct dependency of this manifest (same name@version). */
  packages: TreePackage[];
  /**
   * Entries installing this manifest puts on disk that are not registry packages, other than the
   * manifest's own direct dependencies (those are reported there): one per name.
   */
  skipped: TreeSkip[];
  /** Per direct dependency (same order as the manifest check's `dependencies`); undefined when the tree does not hold it. */
  subtrees: Array<Subtree | undefined>;
  /** The manifest names of those direct dependencies, so a later edit of the manifest still finds its subtree by name. */
  directNames: readonly string[];
  /** False until every tree package has its final result. */
  complete: boolean;
}

export interface TreeInput {
  lockfile: string;
  tree: DependencyTree;
  /** The manifest's folder relative to the lockfile's folder (posix), `''` for the same folder. */
  importer: string;
  /** The manifest's checked direct dependencies (their final results). */
  direct: CheckedDependency[];
}

/** A plan: the ManifestTree with every package pending, and what to look up. */
export interface TreePlan {
  result: ManifestTree;
  /** Tree packages by trust key (one per distinct name@version). */
  byKey: Map<string, TreePackage>;
  /** Direct results by trust key, used for subtree entries and counts. */
  directByKey: Map<string, CheckedDependency>;
  /** Per direct dependency: its root node (or undefined) and the keys below it with their paths. */
  below: Array<{ keys: string[]; paths: Map<string, string[][]> } | undefined>;
}

/** The trust key (trustTypes.ts, the one definition) of a version. */
export function trustKeyOf(registry: Registry, name: string, version: string): string {
  return trustKey({ registry, name, version });
}

/** The trust key a checked direct dependency was looked up under, or undefined when it has no exact version. */
export function directKey(entry: CheckedDependency): string | undefined {
  const version = entry.resolution.version;
  return version === null || entry.status === 'skipped' ? undefined : trustKeyOf(entry.dependency.registry, entry.dependency.normalizedName, version);
}

export function countStatuses(entries: Iterable<CheckedDependency>): TreeCounts {
  return countByStatus('packages', entries);
}

/**
 * Whether a package below a direct dependency needs the user's attention: anything but an approved
 * version without warnings or errors. A package whose findings a `sigma.ignore` entry hides does not.
 */
export function needsAttention(entry: CheckedDependency): boolean {
  if (entry.suppression?.state === 'active' || entry.pending === true) return false;
  // `sigma.uncertifiedSeverity: none` means the user does not want to hear about uncertified versions.
  if (entry.status === 'uncertified' && entry.findings.length === 0) return false;
  return entry.status !== 'approved' || entry.findings.some((f) => f.severity === 'error' || f.severity === 'warning');
}

/**
 * Each tree's direct names by position (the first one of a name wins, as `indexOf` would). A
 * `directNames.indexOf` per direct dependency made every publish quadratic: at 1,000 direct
 * dependencies it was most of an edit's CPU (docs/benchmarks.md, "Where an edit's time went").
 * Keyed by the array, which is built once per plan and never changed.
 */
const directIndexes = new WeakMap<readonly string[], Map<string, number>>();

function directIndex(names: readonly string[]): Map<string, number> {
  let index = directIndexes.get(names);
  if (!index) {
    index = new Map();
    for (let i = 0; i < names.length; i++) if (!index.has(names[i])) index.set(names[i], i);
    directIndexes.set(names, index);
  }
  return index;
}

/** The subtree of a direct dependency, found by its manifest name (the manifest may have been edited since the plan). */
export function subtreeOf(tree: ManifestTree | undefined, entry: CheckedDependency): Subtree | undefined {
  if (!tree) return undefined;
  const index = directIndex(tree.directNames).get(entry.dependency.name);
  return index === undefined ? undefined : tree.subtrees[index];
}

/** The synthetic dependency a tree node is checked as: an exact version pinned by the lockfile, at its lockfile entry, from its own index if any. */
function treeDependency(node: TreeNode): Dependency {
  const dep: Dependency = { registry: node.registry, name: node.name, normalizedName: node.name, specifier: node.version, kind: 'exact', constraint: node.version, section: 'tree', range: node.range };
  if (node.indexUrl !== undefined) dep.indexUrl = node.indexUrl;
  return dep;
}

/** The hashes the lockfile pins for a node: Python sha256 digests, and an npm SRI's sha256 when it has one. */
function pinnedHashes(hashes: readonly string[], integrity: string | undefined): string[] {
  const out = [...hashes];
  const fromSri = integrity === undefined ? undefined : sriSha256Hex(integrity);
  if (fromSri !== undefined && !out.includes(fromSri)) out.push(fromSri);
  return out;
}

/**
 * The nodes installing a manifest puts on disk: the whole lockfile for its root manifest (npm, uv and
 * poetry install every member's packages from the root), only what a workspace member's own direct
 * dependencies reach for that member.
 */
function installedBy(tree: DependencyTree, importer: string, roots: ReadonlyArray<[string, NodeIndex]>): NodeIndex[] {
  if (importer === '') return tree.nodes.map((_node, i) => i);
  const seen = new Uint8Array(tree.nodes.length);
  const queue: NodeIndex[] = [];
  for (const [, root] of roots) {
    if (seen[root] === 0) {
      seen[root] = 1;
      queue.push(root);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const dep of tree.nodes[queue[head]].deps) {
      if (seen[dep] === 0) {
        seen[dep] = 1;
        queue.push(dep);
      }
    }
  }
  return queue.sort((a, b) => a - b);
}

/** Which registry a lockfile's entries come from (a skipped entry has no node to say it): the lockfiles that pin package.json are npm's. */
function registryOfLockfile(kind: LockfileKind): Registry {
  return (MANIFEST_FORMATS['package.json'].lockfiles as readonly LockfileKind[]).includes(kind) ? 'npm' : 'pypi';
}

/**
 * The skipped entries a manifest's install puts on disk, besides its own direct dependencies. The
 * root manifest installs the whole lockfile, so every other importer's links and local sources and
 * every deep git/path/URL entry count for it. A workspace member counts none: a skipped entry has no
 * node, so which member reaches it is unknown, and its own direct ones are reported as direct.
 */
function skippedBelow(tree: DependencyTree, importer: string, directNames: ReadonlySet<string>): TreeSkip[] {
  if (importer !== '') return [];
  const byName = new Map<string, TreeSkip>();
  for (const entry of tree.skipped) {
    // A direct dependency's own link and the folder it leads to are reported on its line, not again below.
    if (entry.importer === '' || directNames.has(entry.name) || byName.has(entry.name)) continue;
    byName.set(entry.name, { registry: registryOfLockfile(tree.lockfile), name: entry.name, reason: entry.reason, lockfileRange: entry.range });
  }
  return [...byName.values()];
}

/** A tree's counts: its packages by status, and its skipped entries as `skipped` (`tree.summary`, docs/tree.md). */
export function treeCounts(tree: Pick<ManifestTree, 'packages' | 'skipped'>): TreeCounts {
  const counts = countStatuses(tree.packages);
  counts.packages += tree.skipped.length;
  counts.skipped += tree.skipped.length;
  return counts;
}

/**
 * The tree counts of a whole workspace (`summary.tree`, docs/tree.md): each distinct name@version once
 * however many manifests install it, each skipped entry once per lockfile.
 */
export function workspaceTreeCounts(trees: Iterable<ManifestTree>): TreeCounts {
  const packages = new Map<string, TreePackage>();
  const skipped = new Map<string, TreeSkip>();
  for (const t of trees) {
    for (const p of t.packages) if (!packages.has(p.key)) packages.set(p.key, p);
    for (const s of t.skipped) {
      const key = JSON.stringify([t.lockfile, s.name]);
      if (!skipped.has(key)) skipped.set(key, s);
    }
  }
  return treeCounts({ packages: [...packages.values()], skipped: [...skipped.values()] });
}

/** A direct dependency's node: by its manifest name, its registry name, or (yarn classic, where a name can have several entries) its `name@specifier` descriptor. */
export function rootOf(roots: Map<string, NodeIndex>, entry: CheckedDependency): NodeIndex | undefined {
  const { name, normalizedName, specifier } = entry.dependency;
  return roots.get(name) ?? roots.get(normalizedName) ?? roots.get(`${name}@${specifier}`);
}

export function planTree(input: TreeInput): TreePlan {
  const { tree } = input;
  const roots = directDependencies(tree, input.importer);
  const directByKey = new Map<string, CheckedDependency>();
  for (const entry of input.direct) {
    const key = directKey(entry);
    if (key !== undefined && !directByKey.has(key)) directByKey.set(key, entry);
  }
  // Paths start at the manifest's own names, in manifest order, so `via` reads as the user wrote it.
  const rootList: Array<[string, NodeIndex]> = [];
  for (const entry of input.direct) {
    const node = rootOf(roots, entry);
    if (node !== undefined) rootList.push([entry.dependency.name, node]);
  }
  const via = tree.hasEdges ? shortestPaths(tree, rootList, 3) : new Map<string, string[][]>();

  const byKey = new Map<string, TreePackage>();
  const packages: TreePackage[] = [];
  // A member installs what its own entries reach: yarn classic records no importers, so a member's
  // tree maps every descriptor in the lockfile and only the manifest's entries say which are its own.
  // A direct dependency's own node is reported on its line even when it has no exact version there
  // (a refused index): listing it again below would show one package twice. Pipfile.lock names no
  // importer the manifest's entries map to, and records one entry per name: there the name tells.
  const directNodes = new Set(rootList.map(([, node]) => node));
  if (!tree.hasEdges && rootList.length === 0) {
    const names = new Set(input.direct.map((d) => d.dependency.normalizedName));
    tree.nodes.forEach((node, i) => names.has(node.name) && directNodes.add(i));
  }
  for (const index of installedBy(tree, input.importer, rootList)) {
    const node = tree.nodes[index];
    const key = trustKeyOf(node.registry, node.name, node.version);
    if (byKey.has(key) || directByKey.has(key) || directNodes.has(index)) continue;
    const dependency = treeDependency(node);
    const resolution: Resolution = { version: node.version, resolvedFrom: 'lockfile', hashes: pinnedHashes(node.hashes, node.integrity) };
    if (node.integrity !== undefined) resolution.integrity = node.integrity;
    const pkg: TreePackage = {
      dependency,
      resolution,
      status: 'unresolved',
      facts: null,
      findings: [],
      pending: true,
      key,
      registry: node.registry,
      name: node.name,
      version: node.version,
      dev: node.dev,
      via: via.get(node.key) ?? [],
      lockfileRange: node.range,
    };
    byKey.set(key, pkg);
    packages.push(pkg);
  }

  const below: TreePlan['below'] = input.direct.map((entry) => {
    const root = rootOf(roots, entry);
    if (root === undefined || !tree.hasEdges) return undefined;
    const nodes = subtree(tree, root);
    const own = trustKeyOf(tree.nodes[root].registry, tree.nodes[root].name, tree.nodes[root].version);
    const children: Array<[string, NodeIndex]> = tree.nodes[root].deps.map((d) => [tree.nodes[d].name, d]);
    const paths = shortestPaths(tree, children, 3);
    const keys: string[] = [];
    for (const n of nodes) {
      const key = trustKeyOf(tree.nodes[n].registry, tree.nodes[n].name, tree.nodes[n].version);
      if (key !== own) keys.push(key);
    }
    const byNodeKey = new Map<string, string[][]>();
    for (const n of nodes) byNodeKey.set(trustKeyOf(tree.nodes[n].registry, tree.nodes[n].name, tree.nodes[n].version), paths.get(tree.nodes[n].key) ?? []);
    return { keys, paths: byNodeKey };
  });

  const result: ManifestTree = {
    lockfile: input.lockfile,
    tree,
    importer: input.importer,
    packages,
    skipped: skippedBelow(tree, input.importer, new Set(input.direct.map((d) => d.dependency.name))),
    subtrees: [],
    directNames: input.direct.map((d) => d.dependency.name),
    complete: packages.length === 0,
  };
  const plan: TreePlan = { result, byKey, directByKey, below };
  refreshSubtrees(plan);
  return plan;
}

/** Recomputes the subtrees' entries and counts from the current results (cheap: integer keys and maps). */
export function refreshSubtrees(plan: TreePlan): void {
  plan.result.subtrees = plan.below.map((below) => {
    if (below === undefined) return undefined;
    const entries: Subtree['entries'] = [];
    for (const key of below.keys) {
      const entry = plan.byKey.get(key) ?? plan.directByKey.get(key);
      if (entry !== undefined) entries.push({ entry, paths: below.paths.get(key) ?? [] });
    }
    return { counts: countStatuses(entries.map((e) => e.entry)), entries };
  });
}

function finishPackage(pkg: TreePackage, facts: TrustFacts | null, settings: SigmaSettings, now: number): void {
  pkg.facts = facts;
  pkg.status = statusOf(pkg.dependency, pkg.resolution, facts);
  pkg.pending = false;
  const findings = computeFindings(pkg.dependency, pkg.resolution, facts, { settings });
  const shown = applySuppression(findings, matchSuppression(settings.ignore, pkg.dependency, pkg.version, now));
  pkg.suppression = shown.suppression;
  pkg.findings = shown.findings;
}

/** A package from an index the user has not allowed: unresolved, saying which host and how to allow it, and never looked up. */
function refusePackage(pkg: TreePackage, refusal: string, settings: SigmaSettings, now: number): void {
  pkg.resolution = { version: null, resolvedFrom: null, reason: refusal, cause: 'refused', hashes: [] };
  finishPackage(pkg, null, settings, now);
}

export interface TreeCheckDeps {
  trust: TrustServiceLike;
  clock: { now(): number };
}

export interface TreeCheckOptions {
  settings: SigmaSettings;
  signal?: AbortSignal;
  offline?: boolean;
  /** Facts already known from the direct dependencies of any manifest in the workspace, by trust key: not asked again. */
  known?: Map<string, TrustFacts>;
  /** Called whenever some tree packages got their results. */
  onUpdate?: () => void;
}

/**
 * Looks up every distinct package of every plan once, in one batch, and fills the plans. Packages
 * left without an answer (cancelled) stay pending and the plan incomplete.
 */
export async function checkTrees(deps: TreeCheckDeps, plans: readonly TreePlan[], opts: TreeCheckOptions): Promise<void> {
  const { settings } = opts;
  const waiting = new Map<string, TreePackage[]>();
  const items: TrustItem[] = [];
  const now = deps.clock.now();
  for (const plan of plans) {
    for (const pkg of plan.result.packages) {
      const refusal = indexRefusal(pkg.dependency.indexUrl, settings);
      if (refusal !== undefined) {
        refusePackage(pkg, refusal, settings, now);
        continue;
      }
      const known = opts.known?.get(pkg.key);
      if (known !== undefined) {
        finishPackage(pkg, known, settings, now);
        continue;
      }
      const list = waiting.get(pkg.key);
      if (list) list.push(pkg);
      else {
        waiting.set(pkg.key, [pkg]);
        items.push({ registry: pkg.registry, name: pkg.name, version: pkg.version });
      }
    }
  }
  const settle = (): void => {
    for (const plan of plans) {
      plan.result.complete = plan.result.packages.every((p) => !p.pending);
      refreshSubtrees(plan);
    }
  };
  if (items.length > 0 && !opts.signal?.aborted) {
    const apply = (key: string, facts: TrustFacts): void => {
      const list = waiting.get(key);
      if (!list) return;
      waiting.delete(key);
      for (const pkg of list) finishPackage(pkg, facts, settings, deps.clock.now());
      opts.onUpdate?.();
    };
    const all = await deps.trust.checkVersions(
      items,
      trustSettingsOf(settings),
      { signal: opts.signal, offline: opts.offline, onResult: apply },
    );
    for (const [key, facts] of all) apply(key, facts);
  }
  settle();
}

/** Every distinct package of a tree as a trust item (for the direct check's advisory prefetch), but those of an index the user has not allowed. */
export function treeTrustItems(tree: DependencyTree, settings: SigmaSettings): TrustItem[] {
  const seen = new Set<string>();
  const items: TrustItem[] = [];
  for (const node of tree.nodes) {
    const key = trustKeyOf(node.registry, node.name, node.version);
    if (seen.has(key) || indexRefusal(node.indexUrl, settings) !== undefined) continue;
    seen.add(key);
    items.push({ registry: node.registry, name: node.name, version: node.version });
  }
  return items;
}

/** Facts of the checked direct dependencies by trust key (final, non-error answers only), for `checkTrees`' `known`. */
export function knownFacts(direct: Iterable<CheckedDependency>): Map<string, TrustFacts> {
  const out = new Map<string, TrustFacts>();
  for (const entry of direct) {
    const key = directKey(entry);
    if (key !== undefined && entry.facts !== null && entry.facts.status !== 'error' && entry.pending !== true) out.set(key, entry.facts);
  }
  return out;
}
