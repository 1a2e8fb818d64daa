/**
 * What every lockfile parser uses to fill the tree model (types.ts): nodes with their entry ranges,
 * edges, importers and skipped entries. Ranges are computed from raw offsets through one line index
 * per lockfile, so a parser only records where an entry starts and ends; a node's range is computed
 * when first read (treeNode.ts), and the line index when the first range is.
 */
import type { LockfileKind, Range, Registry } from '../model';
import { positionsOf, type PositionAt } from '../parse/lineIndex';
import { LockNode, type OffsetRanges } from './treeNode';
import type { DependencyTree, NodeIndex, SkippedEntry, TreeNode } from './types';

/** Above this many targets `addEdges` adds them one by one (its duplicate test is quadratic). */
const MAX_BATCH = 64;

/** Shared by nodes without hashes (most npm nodes): no empty array per node. */
const NO_HASHES: readonly string[] = Object.freeze([]);

export interface NodeFields {
  dev?: boolean;
  integrity?: string;
  hashes?: readonly string[];
  /** The package's own index, when not the public registry (types.ts). */
  indexUrl?: string;
  /** Offsets of the entry's key or header in the lockfile text (end exclusive). */
  start: number;
  end: number;
}

/**
 * One lockfile's offsets → ranges. Holds the text only until the first range is asked for, then
 * only its line index (parse/lineIndex.ts), so a tree kept for later does not keep the whole text.
 */
class LockfileRanges implements OffsetRanges {
  private positionAt: PositionAt | undefined;
  constructor(private text: string | undefined) {}

  range(start: number, end: number): Range {
    if (this.positionAt === undefined) {
      this.positionAt = positionsOf(this.text ?? '');
      this.text = undefined;
    }
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

export class TreeBuilder {
  readonly nodes: LockNode[] = [];
  private readonly importers = new Map<string, Map<string, NodeIndex>>();
  private readonly skipped: SkippedEntry[] = [];
  private readonly ranges: LockfileRanges;

  constructor(
    private readonly lockfile: LockfileKind,
    text: string,
    private readonly registry: Registry,
  ) {
    this.ranges = new LockfileRanges(text);
  }

  range(start: number, end: number): Range {
    return this.ranges.range(start, end);
  }

  addNode(name: string, version: string, fields: NodeFields): NodeIndex {
    const hashes = fields.hashes && fields.hashes.length > 0 ? fields.hashes : NO_HASHES;
    const node = new LockNode(this.registry, name, version, fields.dev === true, fields.integrity, hashes, this.ranges, fields.start, fields.end);
    // Rare (a package of a private Python index): set only then, so other nodes carry no field for it.
    if (fields.indexUrl !== undefined) node.indexUrl = fields.indexUrl;
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  addEdge(from: NodeIndex, to: NodeIndex): void {
    const node = this.nodes[from];
    if (from !== to && !node.deps.includes(to)) node.addDep(to);
  }

  /**
   * `addEdge(from, t)` for each of `targets` in order. A node without edges yet takes `targets` itself
   * as its edge array when it holds no duplicate and not the node (so the array has the exact length:
   * see LockNode `addDep`); the caller hands it over and must not change it afterwards.
   */
  addEdges(from: NodeIndex, targets: NodeIndex[]): void {
    const node = this.nodes[from];
    if (node.deps.length > 0 || targets.length > MAX_BATCH) {
      for (const to of targets) this.addEdge(from, to);
      return;
    }
    let kept = 0;
    for (let i = 0; i < targets.length; i++) if (targets[i] !== from && targets.indexOf(targets[i]) === i) kept++;
    if (kept === targets.length) {
      if (kept > 0) node.deps = targets;
    } else if (kept > 0) {
      node.deps = targets.filter((to, i) => to !== from && targets.indexOf(to) === i);
    }
  }

  /** Records that `importer`'s manifest entry `name` resolves to `node`. */
  direct(importer: string, name: string, node: NodeIndex): void {
    let map = this.importers.get(importer);
    if (!map) this.importers.set(importer, (map = new Map()));
    map.set(name, node);
  }

  /**
   * Sets `importer`'s whole map at once (replacing what `direct` recorded for it, keeping its place),
   * for a parser that answers it by lookup (lookupMap.ts: yarn classic without its manifest).
   */
  importerMap(importer: string, map: Map<string, NodeIndex>): void {
    this.importers.set(importer, map);
  }

  /** Makes sure an importer exists even when all its dependencies are skipped or it has none. */
  importer(importer: string): void {
    if (!this.importers.has(importer)) this.importers.set(importer, new Map());
  }

  skip(name: string, reason: string, start: number, end: number, importer?: string): void {
    const entry: SkippedEntry = { name, reason, range: this.range(start, end) };
    if (importer !== undefined) entry.importer = importer;
    this.skipped.push(entry);
  }

  /**
   * For lockfiles that do not mark dev-only packages (pnpm v9, yarn, bun): every node not reachable
   * from a production root (an importer's dependencies or optionalDependencies) is dev-only.
   */
  deriveDev(productionRoots: Iterable<NodeIndex>): void {
    // Indexed loops and a typed queue (each node is queued at most once): no iterator per node, no
    // closure, no array growth; it runs once per parse over every edge (~134,000 in a 10 MB bun.lock).
    const nodes = this.nodes;
    const prod = new Uint8Array(nodes.length);
    const queue = new Int32Array(nodes.length);
    let tail = 0;
    for (const root of productionRoots) {
      if (prod[root] === 1) continue;
      prod[root] = 1;
      queue[tail++] = root;
    }
    for (let head = 0; head < tail; head++) {
      const deps = nodes[queue[head]].deps;
      for (let k = 0; k < deps.length; k++) {
        const dep = deps[k];
        if (prod[dep] === 1) continue;
        prod[dep] = 1;
        queue[tail++] = dep;
      }
    }
    for (let i = 0; i < nodes.length; i++) nodes[i].dev = prod[i] === 0;
  }

  build(hasEdges = true): DependencyTree {
    const nodes: TreeNode[] = this.nodes;
    return { lockfile: this.lockfile, nodes, importers: this.importers, skipped: this.skipped, hasEdges };
  }
}
