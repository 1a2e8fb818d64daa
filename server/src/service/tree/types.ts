/**
 * The installed tree a lockfile describes (docs/formats/tree.md): every registry
 * package the package manager puts on disk, the edges between them, and which entries each
 * workspace member (importer) depends on directly. One model that every lockfile parser fills.
 *
 * Compact on purpose: nodes live in one array and point at each other by index, so a 3,000-package
 * tree is 3,000 small objects plus their edge arrays, and a subtree or path search is integer work.
 */
import type { LockfileKind, Range, Registry } from '../model';

/** Index of a node in `DependencyTree.nodes`. */
export type NodeIndex = number;

/**
 * One installed registry package. The same name@version may appear as several nodes when the
 * lockfile installs it in several places (npm nested node_modules, pnpm peer variants); `key`
 * identifies the distinct package, so that each is checked once.
 */
export interface TreeNode {
  /** `<name>@<version>`: the distinct package (the registry is the tree's or the node's own). */
  key: string;
  registry: Registry;
  /** npm: name as published (the alias target for aliases); PyPI: PEP 503 normalised. */
  name: string;
  version: string;
  /** Installed only for development (npm `dev: true`, poetry `category = "dev"`, Pipfile.lock `develop`, …). */
  dev: boolean;
  /** npm SRI `integrity` (`sha512-…`) or a yarn Berry / bun checksum in SRI form. */
  integrity?: string;
  /** Lower-case hex sha256 digests of the distribution files (Python lockfiles). */
  hashes: readonly string[];
  /**
   * The index the lockfile says the package came from, when that is not the public registry (a
   * Poetry legacy source, a uv registry, a pylock `index`, a Pipfile.lock source): like a manifest
   * entry's own index, a host the user has not allowed means the package is not looked up anywhere.
   */
  indexUrl?: string;
  /** The entry's key or header in the lockfile text. */
  range: Range;
  /** The nodes this one depends on (resolved the way the package manager resolves them). */
  deps: NodeIndex[];
}

/** A lockfile entry or dependency that is not a registry package: never looked up anywhere. */
export interface SkippedEntry {
  /** The name as the lockfile or the manifest writes it. */
  name: string;
  /** Why: `workspace member`, `link to a local folder`, `git source`, `path source`, `URL source`, `patch`, … */
  reason: string;
  /** The importer (workspace member folder, `''` for the root) when it is a direct dependency. */
  importer?: string;
  range: Range;
}

export interface DependencyTree {
  lockfile: LockfileKind;
  nodes: TreeNode[];
  /**
   * Workspace member folder (posix, relative to the lockfile's folder; `''` the root) → dependency
   * name as the manifest writes it (the alias key for aliases) → the node it resolves to. Direct
   * dependencies that are not registry packages are in `skipped` with their `importer` instead.
   * yarn classic records no importers: there the keys are every descriptor (`name@specifier`, as the
   * manifest writes the entry) and each name that has a single entry, unless the parser was given
   * the manifest's entries; that map answers `get` and `has` from the reader's table and makes its
   * entries when first iterated (lookupMap.ts), since it holds every descriptor.
   */
  importers: Map<string, Map<string, NodeIndex>>;
  /** Workspace members, links, git/path/URL sources: excluded from `nodes`, never looked up. */
  skipped: SkippedEntry[];
  /** False for lockfiles that record no edges (pylock.toml, Pipfile.lock): nodes have `deps: []` and belong to no subtree. */
  hasEdges: boolean;
}
