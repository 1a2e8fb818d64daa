/**
 * The installed tree from package-lock.json v2/v3 `packages` entries (npmLockTree.ts has the rules),
 * fed entry by entry in document order by either reader: the targeted scanner
 * (npmLockTreeScanner.ts) or the general one (JSON.parse). Both hand over the same fields and the
 * same dependency names, so the tree cannot depend on which one read the file.
 *
 * Edges follow Node's lookup: from a location, `<dir>/node_modules/<dep>` for the location and each
 * folder above it (folders that are themselves `node_modules` excluded). Instead of building each
 * candidate location as a string and looking it up (three or four strings per edge, most of the
 * tree's garbage in a 10 MB lockfile, docs/benchmarks.md), installed packages are kept per folder
 * (`node_modules/a/node_modules/b` under `node_modules/a`, name `b`), and a location's lookup is the
 * list of folder maps on its way up, shared by every package with the same parent folder: an edge
 * is usually one Map lookup. A dependency name that itself contains `node_modules/` takes the
 * literal way (`nearestLiteral`), so the answer is the same for every name.
 */
import type { TreeBuilder } from '../../tree/builder';
import type { NodeIndex } from '../../tree/types';

const NODE_MODULES = 'node_modules/';
const SLASH = 0x2f;
const NPM_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;
const NO_FOLDERS: ReadonlyMap<string, number>[] = [];
/** An installed location that is not a package (git, file, URL sources): a lookup goes on past it, as past a missing one. */
const NOT_A_PACKAGE = 0x7fffffff;

/** One entry's fields as the tree reads them (strings only when the value is a string; flags only when `true`). */
export interface NpmEntryFields {
  name: string | undefined;
  version: string | undefined;
  /** Read only for a link and by `notRegistry`: a reader may give '' for one starting with `h` (a registry URL). */
  resolved: string | undefined;
  integrity: string | undefined;
  dev: boolean;
  link: boolean;
}

/**
 * Pairs of offsets (NpmPackagesAssembly's dependency names and each node's range of them), in a typed
 * array that doubles as it fills: an array of numbers grown by `push` reallocated its store ~20 times
 * for the ~115,000 numbers of a 10 MB lockfile's names, ~4.4 MB of garbage per read in the collected
 * heap (docs/benchmarks.md). `length` may be set lower to drop the last pairs, as an array's.
 */
export class OffsetPairs {
  private data = new Int32Array(64);
  length = 0;

  /** Adds one pair (a name's start and end offsets, or a decoded name's `-1 - i` and 0). */
  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = a;
    this.data[this.length++] = b;
  }

  at(k: number): number {
    return this.data[k];
  }

  /** The numbers from `from` to the end, as a copy. */
  tail(from: number): number[] {
    return Array.from(this.data.subarray(from, this.length));
  }
}

export class NpmPackagesAssembly {
  /**
   * The dependency names of the entries read so far, two numbers each: the name's offsets in the text
   * when the text spells it without escapes (`pushName` otherwise). Offsets, not strings: a 10 MB
   * lockfile has ~75,000 names, and every string kept until `finish` is copied by each minor GC. A
   * reader pushes an entry's names before calling `entry`: those of `dependencies`,
   * `optionalDependencies`, `peerDependencies` (in that order, repeats allowed), then those of
   * `devDependencies`.
   */
  readonly names = new OffsetPairs();
  /** Names given as strings: `names` holds `-1 - i` and 0 for the i-th. */
  private readonly decoded: string[] = [];
  private mark = 0;
  /**
   * Per node (by index): its location, or for one read by `hoistedEntry` only its folder name (which
   * holds no `node_modules/`, so the two cannot be confused); and where its edge names start and end in `names`.
   */
  private readonly nodeLocations: string[] = [];
  private readonly edgeNames = new OffsetPairs();
  /** Folder entries (importers): location, first and end index of their names. */
  private readonly folders: { location: string; from: number; to: number }[] = [];
  /** Key offsets of link entries, two per link. */
  private readonly linkSpans: number[] = [];
  /** Folder → package name → node index, `~i` for the i-th link, or NOT_A_PACKAGE. */
  private readonly installed = new Map<string, Map<string, number>>();
  /** `installed.get('')`: the top-level node_modules, where nearly every entry is. */
  private readonly topLevel = new Map<string, number>();
  private readonly folderLocations = new Set<string>();
  /** Locations whose last `node_modules/` does not follow a `/` (no Node lookup from a folder reaches them by a plain name). */
  private readonly oddLocations = new Map<string, number>();
  /** Folder → the installed maps a lookup from it visits, nearest first. */
  private readonly lookups = new Map<string, readonly ReadonlyMap<string, number>[]>();

  constructor(
    private readonly tree: TreeBuilder,
    private readonly text: string,
  ) {
    this.installed.set('', this.topLevel);
  }

  /** A dependency name as a string (the JSON.parse reader, names written with escapes). */
  pushName(name: string): void {
    this.names.push(-1 - this.decoded.length, 0);
    this.decoded.push(name);
  }

  private name(k: number): string {
    const start = this.names.at(k);
    return start >= 0 ? this.text.slice(start, this.names.at(k + 1)) : this.decoded[-1 - start];
  }

  /**
   * One object entry of `packages`; `edgeEnd`: where its edge names end in `names` (its
   * devDependencies' follow). False when the location was already read (JSON.parse would have kept
   * the last one in the first one's place: the scanner leaves that to it).
   */
  entry(location: string, start: number, end: number, fields: NpmEntryFields, edgeEnd: number): boolean {
    const { names, tree } = this;
    const from = this.mark;
    const nm = location.lastIndexOf(NODE_MODULES);
    if (location === '' || nm < 0) {
      // npm records `name` only when it differs from the folder's own name.
      const { size } = this.folderLocations;
      if (this.folderLocations.add(location).size === size) return false;
      if (location !== '') tree.skip(fields.name ?? location.slice(location.lastIndexOf('/') + 1), 'workspace member or local folder', start, end);
      this.folders.push({ location, from, to: names.length });
      this.mark = names.length;
      return true;
    }
    return this.package(location, nm, location.slice(nm + NODE_MODULES.length), start, end, fields, edgeEnd);
  }

  /**
   * `entry` for `node_modules/<folder>` where `folder` is not empty and holds no `node_modules/`
   * (a hoisted package, ~3 in 4 entries): the reader hands over the folder name alone, so no string of
   * the whole location is made and kept until `finish` for these (docs/benchmarks.md, package-lock).
   */
  hoistedEntry(folder: string, start: number, end: number, fields: NpmEntryFields, edgeEnd: number): boolean {
    return this.package(undefined, 0, folder, start, end, fields, edgeEnd);
  }

  /** An installed location (`location` undefined: `node_modules/<folder>`, see hoistedEntry). */
  private package(location: string | undefined, nm: number, folder: string, start: number, end: number, fields: NpmEntryFields, edgeEnd: number): boolean {
    const { names, tree } = this;
    const from = this.mark;
    const name = fields.name ?? folder;
    let keep = from;
    if (fields.link) {
      if (!this.install(location, nm, folder, ~(this.linkSpans.length / 2))) return false;
      this.linkSpans.push(start, end); // only a link can be an importer's target that is not a node
      tree.skip(name, `link to ${fields.resolved ?? 'a local folder'}`, start, end);
    } else {
      const { version } = fields;
      const why = notRegistry(version, fields.resolved);
      if (version === undefined || why !== undefined) {
        if (!this.install(location, nm, folder, NOT_A_PACKAGE)) return false;
        tree.skip(name, why ?? 'no version', start, end);
      } else {
        if (!this.install(location, nm, folder, this.nodeLocations.length)) return false;
        tree.addNode(name, version, { dev: fields.dev, integrity: fields.integrity, start, end });
        this.nodeLocations.push(location ?? folder);
        this.edgeNames.push(from, edgeEnd);
        keep = edgeEnd;
      }
    }
    names.length = keep;
    this.mark = keep;
    return true;
  }

  /** Resolves every edge and importer once all entries are in. */
  finish(): void {
    const { tree } = this;
    const own = this.ownFolders();
    // One node's targets (the first `count`); handed to the builder as an exact-length copy (builder.ts
    // `addEdges`), not grown edge by edge: ~42,000 edges of a 10 MB lockfile each reallocated the node's
    // array. Never emptied with `length = 0`, which drops the store, so every node would allocate one.
    const targets: NodeIndex[] = [];
    for (let node = 0; node < this.nodeLocations.length; node++) {
      const stored = this.nodeLocations[node];
      // A folder name without `/` (hoisted, unscoped: most nodes) needs no location string at all.
      const location = stored.indexOf('/') < 0 ? undefined : stored.indexOf(NODE_MODULES) < 0 ? NODE_MODULES + stored : stored;
      const parent = location === undefined ? this.lookupFrom('') : this.lookupAbove(location);
      const below = own.get(node);
      const maps = below === undefined ? parent : prepend(below, parent);
      let count = 0;
      for (let k = this.edgeNames.at(2 * node), to = this.edgeNames.at(2 * node + 1); k < to; k += 2) {
        const dep = this.name(k);
        const target = dep.indexOf(NODE_MODULES) >= 0 ? this.nearestLiteral(location ?? NODE_MODULES + stored, dep) : this.find(maps, dep);
        if (target !== undefined && target >= 0) targets[count++] = target;
      }
      if (count > 0) tree.addEdges(node, targets.slice(0, count));
    }
    for (const { location, from, to } of this.folders) {
      tree.importer(location);
      const maps = this.lookupFrom(location);
      // devDependencies included, each name once (a repeat would be skipped twice).
      const seen = new Set<string>();
      for (let k = from; k < to; k += 2) {
        const dep = this.name(k);
        if (seen.has(dep)) continue;
        seen.add(dep);
        const target = this.resolve(maps, location, dep);
        if (target === undefined) continue;
        if (target >= 0) tree.direct(location, dep, target);
        else tree.skip(dep, 'link to a workspace member or local folder', this.linkSpans[2 * ~target], this.linkSpans[2 * ~target + 1], location);
      }
    }
  }

  /**
   * Node → the packages installed in its own node_modules, for the few nodes that have any: found
   * from the folders (one lookup per folder), not by asking for every node's location.
   */
  private ownFolders(): Map<NodeIndex, ReadonlyMap<string, number>> {
    const own = new Map<NodeIndex, ReadonlyMap<string, number>>();
    // forEach, not for…of: no entry array per folder.
    this.installed.forEach((byName, dir) => {
      if (dir === '' || isNodeModules(dir)) return;
      const nm = dir.lastIndexOf(NODE_MODULES);
      if (nm < 0) return; // a workspace member or local folder, not a node
      const node = nm > 0 && dir.charCodeAt(nm - 1) !== SLASH
        ? this.oddLocations.get(dir)
        : this.installed.get(nm === 0 ? '' : dir.slice(0, nm - 1))?.get(dir.slice(nm + NODE_MODULES.length));
      if (node !== undefined && node >= 0 && node !== NOT_A_PACKAGE) own.set(node, byName);
    });
    return own;
  }

  /** Records an installed location; false when it already was (a map that does not grow). */
  private install(location: string | undefined, nm: number, folder: string, value: number): boolean {
    let byName: Map<string, number> | undefined;
    let key = folder;
    if (nm === 0 || location === undefined) byName = this.topLevel;
    else if (location.charCodeAt(nm - 1) !== SLASH) {
      byName = this.oddLocations;
      key = location;
    } else {
      const parent = location.slice(0, nm - 1);
      byName = this.installed.get(parent);
      if (byName === undefined) this.installed.set(parent, (byName = new Map()));
    }
    const { size } = byName;
    return byName.set(key, value).size > size;
  }

  /**
   * The installed maps a lookup from the folder above `location` visits. `<dir>/node_modules/<name>`
   * (unscoped): the folder above is `node_modules`, which Node skips, so the lookup is `<dir>`'s; the
   * root's for a hoisted `node_modules/<name>`. Said here, not found by `lookupFrom`, because nearly
   * every node is one of these (one slice and two Map lookups fewer per nested node).
   */
  private lookupAbove(location: string): readonly ReadonlyMap<string, number>[] {
    const nm = location.lastIndexOf(NODE_MODULES);
    if (location.indexOf('/', nm + NODE_MODULES.length) < 0) {
      if (nm === 0) return this.lookupFrom('');
      if (location.charCodeAt(nm - 1) === SLASH) return this.lookupFrom(location.slice(0, nm - 1));
    }
    return this.lookupFrom(parentOf(location));
  }

  /** The installed maps a lookup from folder `dir` visits: `dir`'s own, then each folder above it. */
  private lookupFrom(dir: string): readonly ReadonlyMap<string, number>[] {
    let maps = this.lookups.get(dir);
    if (maps !== undefined) return maps;
    const above = dir === '' ? NO_FOLDERS : this.lookupFrom(parentOf(dir));
    const own = isNodeModules(dir) ? undefined : this.installed.get(dir);
    maps = own === undefined ? above : prepend(own, above);
    this.lookups.set(dir, maps);
    return maps;
  }

  private resolve(maps: readonly ReadonlyMap<string, number>[], from: string, dep: string): NodeIndex | undefined {
    return dep.indexOf(NODE_MODULES) >= 0 ? this.nearestLiteral(from, dep) : this.find(maps, dep);
  }

  /** The nearest installed `dep` in `maps` (a plain name: no `node_modules/` in it). */
  private find(maps: readonly ReadonlyMap<string, number>[], dep: string): NodeIndex | undefined {
    for (const byName of maps) {
      const target = byName.get(dep);
      if (target !== undefined && target !== NOT_A_PACKAGE) return target;
    }
    return undefined;
  }

  /** Node's lookup spelled out, candidate location by candidate location (for names that contain `node_modules/`). */
  private nearestLiteral(from: string, dep: string): number | undefined {
    for (let dir = from; ; dir = parentOf(dir)) {
      if (!isNodeModules(dir)) {
        const candidate = dir === '' ? `${NODE_MODULES}${dep}` : `${dir}/${NODE_MODULES}${dep}`;
        const nm = candidate.lastIndexOf(NODE_MODULES);
        const target = nm > 0 && candidate.charCodeAt(nm - 1) !== SLASH
          ? this.oddLocations.get(candidate)
          : this.installed.get(nm === 0 ? '' : candidate.slice(0, nm - 1))?.get(candidate.slice(nm + NODE_MODULES.length));
        if (target !== undefined && target !== NOT_A_PACKAGE) return target;
      }
      if (dir === '') return undefined;
    }
  }
}

/** `[first, ...rest]` without the spread's iteration (one per node that has packages of its own). */
function prepend<T>(first: T, rest: readonly T[]): T[] {
  const out = new Array<T>(rest.length + 1);
  out[0] = first;
  for (let i = 0; i < rest.length; i++) out[i + 1] = rest[i];
  return out;
}

/** The folder above `location` (`''` above a top-level one). */
function parentOf(location: string): string {
  const slash = location.lastIndexOf('/');
  return slash < 0 ? '' : location.slice(0, slash);
}

/** A folder that is itself `node_modules`: Node never looks for `node_modules/node_modules/<dep>`. */
function isNodeModules(dir: string): boolean {
  return dir === 'node_modules' || dir.endsWith('/node_modules');
}

/**
 * Why an entry is not a registry package, or undefined when it is one. The first character decides
 * whether the source patterns can match at all: an `https:` resolved URL and a version starting with
 * a digit (nearly every entry) skip them.
 */
export function notRegistry(version: string | undefined, resolved: string | undefined): string | undefined {
  if (resolved !== undefined && SOURCE_START.has(resolved.charCodeAt(0))) {
    if (/^git\+|^git:|^github:|^gitlab:|^bitbucket:/.test(resolved)) return 'git source';
    if (resolved.startsWith('file:')) return 'local path';
  }
  if (version === undefined) return undefined;
  if (!isDigit(version.charCodeAt(0))) {
    if (/^git\+|^git:|^github:/.test(version)) return 'git source';
    if (version.startsWith('file:')) return 'local path';
    if (/^https?:/.test(version)) return 'URL source';
  }
  return NPM_VERSION.test(version) ? undefined : `not a registry version (${version})`;
}

/** First characters of `git…`, `github:`, `gitlab:`, `bitbucket:`, `file:`. */
const SOURCE_START = new Set([0x67 /* g */, 0x62 /* b */, 0x66 /* f */]);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
