/**
 * poetry.lock (lock-version 1.x, 2.x) → pins and tree, in one walk (pyLockRead.ts).
 *
 * Lock-version 1.x keeps file hashes apart, under `[metadata.files]` keyed by package name; 2.x puts
 * `files = [{file, hash}]` inside each `[[package]]`. Packages whose `[package.source]` is git, a
 * directory, a file or a URL are not registry pins and are left out (skipped in the tree); `legacy`
 * (a private index) sources are kept, since they are still versions of an indexed package, and their
 * tree nodes carry the index as `indexUrl` (tree/types.ts).
 *
 * Tree: edges from `[package.dependencies]` by name; when a name is locked at several versions
 * (per-marker forks), the versions that satisfy the dependency's constraint. Dev-only: 1.x
 * `category = "dev"`, 2.x `groups` without `main`. The root project is not recorded, so the root
 * importer maps every locked name (the manifest decides what is direct).
 */
import { satisfies } from '@renovatebot/pep440';
import type { ParsedLockfile } from '../../model';
import type { TreeBuilder } from '../../tree/builder';
import type { NodeIndex } from '../../tree/types';
import { normalizePypiName } from './pep503';
import { poetryToPep440 } from './poetryConstraint';
import { lockPins, type PyLockRead, type PyLockReader } from './pyLockRead';
import { addTo, fileDigests, isTable, privateIndexes, sha256, str, type Plain } from './pyLockfile';

const NOT_INDEXED = new Set(['git', 'directory', 'file', 'url']);

export function parsePoetryLock(text: string): ParsedLockfile {
  return lockPins('poetry.lock', text, poetryReader);
}

/**
 * `[metadata]` (the lock-version, 1.x's file hashes) is written after the packages, so it is read at
 * the end: packages with their own `files` are read as they come, and are dropped when the
 * lock-version turns out to be unknown; from the first package without `files` on, packages wait
 * for the end (their hashes are in `[metadata.files]`), so nodes stay in lockfile order.
 */
export function poetryReader(read: PyLockRead): PyLockReader {
  const byName = new Map<string, NodeIndex[]>();
  /** Each node's `[package.dependencies]`, for the edges once every node exists. */
  const dependencies: unknown[] = [];
  const waiting: [Plain, number][] = [];
  const privateIndex = privateIndexes();
  /** False once the lock-version is known to be one the pins are not read for. */
  let pinsRead = true;

  const take = (pkg: Plain, i: number, legacyFiles: Map<string, unknown> | undefined): void => {
    const pins = pinsRead ? read.pins : undefined;
    const tree = read.tree;
    const name = str(pkg.name);
    const version = str(pkg.version);
    const sourceTable = isTable(pkg.source) ? pkg.source : undefined;
    const source = str(sourceTable?.type);
    if (name === undefined || version === undefined || (source !== undefined && NOT_INDEXED.has(source))) {
      if (name === undefined || version === undefined) pins?.warnAt('package', i, 'poetry.lock: [[package]] without a name or version is ignored');
      if (tree !== undefined && name !== undefined) {
        const [start, end] = read.span(i);
        tree.skip(name, source ? `${source} source` : 'no version', start, end);
      }
      return;
    }
    const key = normalizePypiName(name);
    const hashes = fileDigests(Array.isArray(pkg.files) ? pkg.files : legacyFiles?.get(key), fileHash);
    pins?.add(key, version, hashes);
    if (tree === undefined) return;
    const [start, end] = read.span(i);
    const groups = Array.isArray(pkg.groups) ? pkg.groups : undefined;
    const dev = groups ? !groups.includes('main') : str(pkg.category) === 'dev';
    const indexUrl = source === 'legacy' ? privateIndex(str(sourceTable?.url)) : undefined;
    const node = tree.addNode(key, version, { dev, hashes, indexUrl, start, end });
    dependencies[node] = pkg.dependencies;
    addTo(byName, key, node);
  };

  return {
    package(pkg, i) {
      if (waiting.length === 0 && Array.isArray(pkg.files)) take(pkg, i, undefined);
      else waiting.push([pkg, i]);
    },
    end() {
      const data = read.data;
      const metadata = isTable(data.metadata) ? data.metadata : undefined;
      const pins = read.pins;
      if (pins !== undefined && !pins.knownVersion('lock-version', metadata?.['lock-version'], ['1', '2'])) {
        // As if nothing had been read: only the error stays.
        pinsRead = false;
        pins.clear();
        pins.knownVersion('lock-version', metadata?.['lock-version'], ['1', '2']);
      }
      const version = str(metadata?.['lock-version']);
      if (version !== undefined && !/^[12]\./.test(version)) read.failTree(`Unknown poetry.lock lock-version ${version} (this version reads 1.x and 2.x); its tree was not read.`);
      const legacyFiles = metadataFiles(metadata);
      for (const [pkg, i] of waiting) take(pkg, i, legacyFiles);
      const tree = read.tree;
      if (tree !== undefined) poetryEdges(tree, byName, dependencies);
    },
  };
}
const fileHash = (file: Plain) => sha256(file.hash);

/** The root importer maps every locked name to its first node; edges by dependency name. */
function poetryEdges(tree: TreeBuilder, byName: Map<string, NodeIndex[]>, dependencies: unknown[]): void {
  tree.importer('');
  for (const [name, nodes] of byName) tree.direct('', name, nodes[0]);
  dependencies.forEach((deps, from) => {
    if (!isTable(deps)) return;
    for (const dep of Object.keys(deps)) {
      const candidates = byName.get(normalizePypiName(dep));
      if (candidates === undefined) continue;
      for (const to of candidates.length > 1 ? satisfying(tree, candidates, deps[dep]) : candidates) tree.addEdge(from, to);
    }
  });
}

/** Lock-version 1.x `[metadata.files]`: keys are names as Poetry wrote them, so compare them normalised. */
function metadataFiles(metadata: Plain | undefined): Map<string, unknown> {
  const files = metadata !== undefined && isTable(metadata.files) ? metadata.files : {};
  return new Map(Object.entries(files).map(([k, v]) => [normalizePypiName(k), v]));
}

/** Among several locked versions of one name, those the dependency's constraint(s) accept (all when none reads). */
function satisfying(tree: TreeBuilder, candidates: NodeIndex[], spec: unknown): NodeIndex[] {
  const constraints = (Array.isArray(spec) ? spec : [spec]).map((s) => (typeof s === 'string' ? s : isTable(s) ? str(s.version) : undefined)).filter((s): s is string => s !== undefined);
  const out = candidates.filter((c) =>
    constraints.some((constraint) => {
      const converted = poetryToPep440(constraint);
      if (!converted.ok) return false;
      try {
        return converted.specifier === '' || satisfies(tree.nodes[c].version, converted.specifier);
      } catch {
        return false;
      }
    }),
  );
  return out.length > 0 ? out : candidates;
}
