/**
 * poetry.lock, uv.lock and pylock.toml → the installed tree (tree/types.ts), from the same plain
 * TOML values the pin parsers read (pyLockfile.ts). Each `[[package]]` node's range is its header.
 *
 * - poetry.lock (lock-version 1.x, 2.x): edges from `[package.dependencies]` by name; when a name
 *   is locked at several versions (per-marker forks), the versions that satisfy the dependency's
 *   constraint. Dev-only: 1.x `category = "dev"`, 2.x `groups` without `main`. The root project is
 *   not recorded, so the root importer maps every locked name (the manifest decides what is direct).
 * - uv.lock (version 1): the project and workspace members are `editable`/`virtual` packages: their
 *   `dependencies`, `optional-dependencies` and `dev-dependencies` are the importers. Edges name a
 *   `version` (and `source`) when a name has several entries (forks), else the name alone.
 *   Dev-only is derived: what no importer's non-dev dependency reaches.
 * - pylock.toml (lock-version 1.x): packages without edges (docs/formats/tree.md).
 * git, path, directory and URL sources are skipped, never looked up. A package locked from an index
 * other than PyPI (poetry `[package.source]` of type `legacy`, uv `source.registry`, pylock `index`)
 * carries it as `indexUrl` (tree/types.ts).
 */
import { satisfies } from '@renovatebot/pep440';
import type { LockfileKind, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import { normalizeImporter } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { normalizePypiName } from './pep503';
import { poetryToPep440 } from './poetryConstraint';
import { distributions, fileDigests, isTable, sha256, str, tables, type Plain } from './pyLockfile';
import { lockfileTomlValues } from './lockfileValues';
import { privateIndex } from './projectIndex';

type PyLockKind = Extract<LockfileKind, 'poetry.lock' | 'uv.lock' | 'pylock.toml'>;

const NOT_INDEXED = new Set(['git', 'directory', 'file', 'url']);

export function pythonLockTree(kind: PyLockKind, text: string): { tree: DependencyTree; errors: ParseProblem[] } {
  const builder = new TreeBuilder(kind, text, 'pypi');
  const values = lockfileTomlValues(text, kind);
  const errors: ParseProblem[] = values.errors.map((e) => ({ message: e.message, severity: 'error', range: values.range(e.start, e.end) }));
  const fail = (message: string) => {
    errors.push({ message, severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(kind !== 'pylock.toml'), errors };
  };
  if (text.trim() === '') return fail(`${kind} is empty.`);
  const data = values.data;
  const table = kind === 'pylock.toml' ? 'packages' : 'package';
  const headers = headerOffsets(text, table);
  const span = (i: number): [number, number] => {
    const at = headers[i] ?? 0;
    const end = text.indexOf(']]', at);
    return [at, end < 0 ? at : end + 2];
  };
  if (kind === 'poetry.lock') {
    const version = isTable(data.metadata) ? str(data.metadata['lock-version']) : undefined;
    if (version !== undefined && !/^[12]\./.test(version)) return fail(`Unknown poetry.lock lock-version ${version} (this version reads 1.x and 2.x); its tree was not read.`);
    poetry(builder, tables(data.package), data, span);
  } else if (kind === 'uv.lock') {
    if (data.version !== undefined && data.version !== 1) return fail(`Unknown uv.lock version ${JSON.stringify(data.version) ?? ''} (this version reads 1); its tree was not read.`);
    uv(builder, tables(data.package), span);
  } else {
    const version = str(data['lock-version']);
    if (version !== undefined && !/^1\./.test(version)) return fail(`Unknown pylock.toml lock-version ${version} (this version reads 1.x); it was not read.`);
    pylock(builder, tables(data.packages), span);
  }
  return { tree: builder.build(kind !== 'pylock.toml'), errors };
}

function headerOffsets(text: string, table: string): number[] {
  return [...text.matchAll(new RegExp(`^[ \\t]*\\[\\[[ \\t]*${table}[ \\t]*\\]\\]`, 'gm'))].map((m) => m.index + m[0].indexOf('['));
}

function poetry(builder: TreeBuilder, packages: Plain[], data: Plain, span: (i: number) => [number, number]): void {
  const legacy = new Map(Object.entries(isTable(data.metadata) && isTable(data.metadata.files) ? data.metadata.files : {}).map(([k, v]) => [normalizePypiName(k), v]));
  const nodeOf: (NodeIndex | undefined)[] = [];
  const byName = new Map<string, NodeIndex[]>();
  packages.forEach((pkg, i) => {
    const name = str(pkg.name);
    const version = str(pkg.version);
    const [start, end] = span(i);
    const sourceTable = isTable(pkg.source) ? pkg.source : undefined;
    const source = str(sourceTable?.type);
    if (name === undefined || version === undefined || (source !== undefined && NOT_INDEXED.has(source))) {
      if (name !== undefined) builder.skip(name, source ? `${source} source` : 'no version', start, end);
      nodeOf.push(undefined);
      return;
    }
    const key = normalizePypiName(name);
    const groups = Array.isArray(pkg.groups) ? pkg.groups : undefined;
    const dev = groups ? !groups.includes('main') : str(pkg.category) === 'dev';
    const files = Array.isArray(pkg.files) ? pkg.files : legacy.get(key);
    const indexUrl = source === 'legacy' ? privateIndex(str(sourceTable?.url)) : undefined;
    const node = builder.addNode(key, version, { dev, hashes: fileDigests(files, (f) => sha256(f.hash)), indexUrl, start, end });
    nodeOf.push(node);
    addTo(byName, key, node);
  });
  builder.importer('');
  for (const [name, nodes] of byName) builder.direct('', name, nodes[0]);
  packages.forEach((pkg, i) => {
    const from = nodeOf[i];
    if (from === undefined || !isTable(pkg.dependencies)) return;
    for (const [dep, spec] of Object.entries(pkg.dependencies)) {
      const candidates = byName.get(normalizePypiName(dep)) ?? [];
      for (const to of candidates.length > 1 ? satisfying(builder, candidates, spec) : candidates) builder.addEdge(from, to);
    }
  });
}

/** Among several locked versions of one name, those the dependency's constraint(s) accept (all when none reads). */
function satisfying(builder: TreeBuilder, candidates: NodeIndex[], spec: unknown): NodeIndex[] {
  const constraints = (Array.isArray(spec) ? spec : [spec]).map((s) => (typeof s === 'string' ? s : isTable(s) ? str(s.version) : undefined)).filter((s): s is string => s !== undefined);
  const out = candidates.filter((c) =>
    constraints.some((constraint) => {
      const converted = poetryToPep440(constraint);
      if (!converted.ok) return false;
      try {
        return converted.specifier === '' || satisfies(builder.nodes[c].version, converted.specifier);
      } catch {
        return false;
      }
    }),
  );
  return out.length > 0 ? out : candidates;
}

function uv(builder: TreeBuilder, packages: Plain[], span: (i: number) => [number, number]): void {
  const nodeOf: (NodeIndex | undefined)[] = [];
  const byName = new Map<string, NodeIndex[]>();
  const importers: [string, Plain][] = [];
  packages.forEach((pkg, i) => {
    const name = str(pkg.name);
    const [start, end] = span(i);
    nodeOf.push(undefined);
    if (name === undefined) return;
    const source = isTable(pkg.source) ? pkg.source : {};
    const project = str(source.editable) ?? str(source.virtual);
    if (project !== undefined) {
      const importer = normalizeImporter(project);
      importers.push([importer, pkg]);
      // The project itself (source ".") is the manifest being checked, not something installed below it.
      if (importer !== '') builder.skip(name, 'workspace member (editable/virtual)', start, end);
      return;
    }
    const version = str(pkg.version);
    if (str(source.registry) === undefined || version === undefined) {
      const kind = ['git', 'path', 'directory', 'url'].find((k) => source[k] !== undefined);
      builder.skip(name, kind ? `${kind} source` : 'not from a package index', start, end);
      return;
    }
    const key = normalizePypiName(name);
    const node = builder.addNode(key, version, { hashes: fileDigests(distributions(pkg), (f) => sha256(f.hash)), indexUrl: privateIndex(str(source.registry)), start, end });
    nodeOf[i] = node;
    addTo(byName, key, node);
  });
  /** The entries a `{ name, version?, source? }` reference points at. */
  const targets = (ref: Plain): NodeIndex[] => {
    const name = str(ref.name);
    if (name === undefined) return [];
    const candidates = byName.get(normalizePypiName(name)) ?? [];
    const version = str(ref.version);
    return version === undefined ? candidates : candidates.filter((c) => builder.nodes[c].version === version);
  };
  packages.forEach((pkg, i) => {
    const from = nodeOf[i];
    if (from === undefined) return;
    uvReferences(pkg, false, (ref) => {
      for (const to of targets(ref)) builder.addEdge(from, to);
    });
  });
  const production: NodeIndex[] = [];
  for (const [folder, pkg] of importers) {
    builder.importer(folder);
    uvReferences(pkg, true, (ref, dev) => {
      const found = targets(ref);
      if (found.length === 0) return;
      builder.direct(folder, normalizePypiName(str(ref.name) ?? ''), found[0]);
      if (!dev) production.push(...found);
    });
  }
  builder.deriveDev(production);
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

function addTo(byName: Map<string, NodeIndex[]>, key: string, node: NodeIndex): void {
  const list = byName.get(key);
  if (list === undefined) byName.set(key, [node]);
  else list.push(node);
}

function pylock(builder: TreeBuilder, packages: Plain[], span: (i: number) => [number, number]): void {
  builder.importer('');
  const named = new Set<string>();
  packages.forEach((pkg, i) => {
    const name = str(pkg.name);
    const [start, end] = span(i);
    if (name === undefined) return;
    const version = str(pkg.version);
    const other = ['vcs', 'directory', 'archive'].find((k) => pkg[k] !== undefined);
    if (other !== undefined || version === undefined) {
      builder.skip(name, other ? `${other} source` : 'no version', start, end);
      return;
    }
    const key = normalizePypiName(name);
    const hashes = fileDigests(distributions(pkg), (f) => (isTable(f.hashes) ? sha256(f.hashes.sha256, false) : undefined));
    const node = builder.addNode(key, version, { hashes, indexUrl: privateIndex(str(pkg.index)), start, end });
    if (named.has(key)) return;
    named.add(key);
    builder.direct('', key, node);
  });
}
