/**
 * uv.lock (version 1) → pins and tree, in one walk (pyLockRead.ts).
 *
 * Pins: only `[[package]]` entries with `source = { registry = … }` are index packages; the project
 * itself (`editable`/`virtual`), workspace members and git, path, directory or URL sources are not.
 * Hashes come from `sdist.hash` and every `wheels[].hash`.
 *
 * Tree: the project and workspace members are `editable`/`virtual` packages: their `dependencies`,
 * `optional-dependencies` and `dev-dependencies` are the importers. Edges name a `version` (and
 * `source`) when a name has several entries (forks), else the name alone. Dev-only is derived: what no
 * importer's non-dev dependency reaches. A package from a registry other than PyPI carries it as
 * `indexUrl` (tree/types.ts).
 */
import type { ParsedLockfile } from '../../model';
import type { TreeBuilder } from '../../tree/builder';
import { normalizeImporter } from '../../tree/pins';
import type { NodeIndex } from '../../tree/types';
import { normalizePypiName } from './pep503';
import { lockPins, type PyLockRead, type PyLockReader } from './pyLockRead';
import { addTo, distributionDigests, isTable, privateIndexes, sha256, str, type Plain } from './pyLockfile';

export function parseUvLock(text: string): ParsedLockfile {
  return lockPins('uv.lock', text, uvReader);
}

export function uvReader(read: PyLockRead): PyLockReader {
  const data = read.data;
  const pins = read.pins?.knownVersion('version', data.version, ['1']) === true ? read.pins : undefined;
  if (data.version !== undefined && data.version !== 1) read.failTree(`Unknown uv.lock version ${JSON.stringify(data.version) ?? ''} (this version reads 1); its tree was not read.`);
  const tree = read.tree;
  const byName = new Map<string, NodeIndex[]>();
  const importers: [string, Plain][] = [];
  // What the edges are read from once every node exists: per node, its lists of references (the
  // package's other values are not kept).
  const edgeFrom: NodeIndex[] = [];
  const edgeLists: unknown[] = [];
  const privateIndex = privateIndexes();
  return {
    package(pkg, i) {
      if (pins === undefined && tree === undefined) return;
      const name = str(pkg.name);
      if (name === undefined) {
        pins?.warnAt('package', i, 'uv.lock: [[package]] without a name is ignored');
        return;
      }
      const source = isTable(pkg.source) ? pkg.source : {};
      const registry = str(source.registry);
      const version = str(pkg.version);
      const key = registry !== undefined && version !== undefined ? normalizePypiName(name) : undefined;
      let hashes: string[] | undefined;
      if (pins !== undefined && registry !== undefined) {
        if (key === undefined || version === undefined) pins.warnAt('package', i, `uv.lock: registry package ${name} has no version and is ignored`);
        else pins.add(key, version, (hashes = uvDigests(pkg)));
      }
      if (tree === undefined) return;
      const [start, end] = read.span(i);
      const project = str(source.editable) ?? str(source.virtual);
      if (project !== undefined) {
        const importer = normalizeImporter(project);
        importers.push([importer, pkg]);
        // The project itself (source ".") is the manifest being checked, not something installed below it.
        if (importer !== '') tree.skip(name, 'workspace member (editable/virtual)', start, end);
        return;
      }
      if (key === undefined || version === undefined) {
        const kind = OTHER_SOURCES.find((k) => source[k] !== undefined);
        tree.skip(name, kind ? `${kind} source` : 'not from a package index', start, end);
        return;
      }
      const node = tree.addNode(key, version, { hashes: hashes ?? uvDigests(pkg), indexUrl: privateIndex(registry), start, end });
      addTo(byName, key, node);
      edgeFrom.push(node);
      edgeLists.push(pkg.dependencies);
      const optional = pkg['optional-dependencies'];
      if (!isTable(optional)) return;
      for (const list of Object.values(optional)) {
        edgeFrom.push(node);
        edgeLists.push(list);
      }
    },
    end() {
      if (tree !== undefined) uvEdges(tree, byName, edgeFrom, edgeLists, importers);
    },
  };
}

/** Edges, importers and dev-only, once every node exists. */
function uvEdges(tree: TreeBuilder, byName: Map<string, NodeIndex[]>, edgeFrom: NodeIndex[], edgeLists: unknown[], importers: [string, Plain][]): void {
  /** The entries a `{ name, version?, source? }` reference points at. */
  const targets = (ref: Plain): NodeIndex[] => {
    const name = str(ref.name);
    if (name === undefined) return [];
    const candidates = byName.get(normalizePypiName(name)) ?? [];
    const version = str(ref.version);
    return version === undefined ? candidates : candidates.filter((c) => tree.nodes[c].version === version);
  };
  edgeFrom.forEach((from, k) => {
    const list = edgeLists[k];
    if (!Array.isArray(list)) return;
    for (const ref of list) if (isTable(ref)) for (const to of targets(ref)) tree.addEdge(from, to);
  });
  const production: NodeIndex[] = [];
  for (const [folder, pkg] of importers) {
    tree.importer(folder);
    uvReferences(pkg, true, (ref, dev) => {
      const found = targets(ref);
      if (found.length === 0) return;
      tree.direct(folder, normalizePypiName(str(ref.name) ?? ''), found[0]);
      if (!dev) production.push(...found);
    });
  }
  tree.deriveDev(production);
}

const OTHER_SOURCES = ['git', 'path', 'directory', 'url'];

const fileHash = (file: Plain) => sha256(file.hash);

function uvDigests(pkg: Plain): string[] {
  return distributionDigests(pkg, fileHash);
}

/** A uv.lock package's `{ name, version? }` references: dependencies, optional ones, then (with `withDev`) dev groups'. */
function uvReferences(pkg: Plain, withDev: boolean, visit: (ref: Plain, dev: boolean) => void): void {
  const each = (list: unknown, dev: boolean) => {
    if (Array.isArray(list)) for (const ref of list) if (isTable(ref)) visit(ref, dev);
  };
  each(pkg.dependencies, false);
  if (isTable(pkg['optional-dependencies'])) for (const list of Object.values(pkg['optional-dependencies'])) each(list, false);
  if (withDev && isTable(pkg['dev-dependencies'])) for (const list of Object.values(pkg['dev-dependencies'])) each(list, true);
}
