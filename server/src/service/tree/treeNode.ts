/**
 * The tree model's node (types.ts `TreeNode`) as the builder makes it: what a lockfile parse must
 * record (name, version, offsets of the entry) is stored, and what only some consumers read is made
 * when first read. Why: a 10 MB lockfile has ~30,000 nodes, and their eager ranges (three objects
 * each, plus a line index of the whole file) and `name@version` strings were a large part of the
 * garbage collection that took 25–45 % of every parse (docs/benchmarks.md, lockfile parsers).
 * `range` and `key` are getters that keep their first answer, so reading them twice costs nothing.
 */
import type { Range, Registry } from '../model';
import type { NodeIndex, TreeNode } from './types';

/** Turns offsets into a Range; shared by every node of one lockfile (builder.ts). */
export interface OffsetRanges {
  range(start: number, end: number): Range;
}

/** Shared by nodes without edges until their first one: no empty array per leaf. */
const NO_DEPS: NodeIndex[] = Object.freeze([]) as unknown as NodeIndex[];

export class LockNode implements TreeNode {
  dev: boolean;
  integrity: string | undefined;
  deps: NodeIndex[] = NO_DEPS;
  /** Set by the builder only for a package of a private index (types.ts); `declare` emits no field for the others. */
  declare indexUrl?: string;
  private cachedKey: string | undefined = undefined;
  private cachedRange: Range | undefined = undefined;

  constructor(
    readonly registry: Registry,
    readonly name: string,
    readonly version: string,
    dev: boolean,
    integrity: string | undefined,
    readonly hashes: readonly string[],
    private readonly ranges: OffsetRanges,
    /** Offsets of the entry's key or header (end exclusive). */
    readonly start: number,
    readonly end: number,
  ) {
    this.dev = dev;
    this.integrity = integrity;
  }

  get key(): string {
    return (this.cachedKey ??= `${this.name}@${this.version}`);
  }

  get range(): Range {
    return (this.cachedRange ??= this.ranges.range(this.start, this.end));
  }

  /**
   * Adds an edge (builder.ts `addEdge` decides whether it is new). The first four are copied into an
   * array literal of the exact length: `push` grows an array's store to length + length/2 + 16, so a
   * node with three edges held room for seventeen (~4.9 of the 25 MB a 10 MB yarn.lock's tree keeps,
   * docs/benchmarks.md, "Findings: yarn classic and the shared tree model"). Most nodes have few edges.
   */
  addDep(to: NodeIndex): void {
    const deps = this.deps;
    switch (deps.length) {
      case 0:
        this.deps = [to];
        break;
      case 1:
        this.deps = [deps[0], to];
        break;
      case 2:
        this.deps = [deps[0], deps[1], to];
        break;
      case 3:
        this.deps = [deps[0], deps[1], deps[2], to];
        break;
      default:
        deps.push(to);
    }
  }
}
