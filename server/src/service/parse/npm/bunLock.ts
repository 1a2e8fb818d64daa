/**
 * bun.lock (bun's text lockfile, JSON with trailing commas) → the installed tree and the pins.
 *
 * - `workspaces`: one per member (`""` the root) with its manifest sections: the importers.
 * - `packages`: keyed by install path, as bun lays out node_modules: `debug` is the hoisted copy,
 *   `express/debug` the copy nested under express, `app/ms` a copy for the workspace member named
 *   `app`. Each value is `["name@version", registry, { dependencies, optionalDependencies, … }, integrity]`
 *   for registry packages; `name@workspace:…`, `name@file:…`, `name@link:…`, git and tarball
 *   resolutions are skipped, never looked up. A dependency resolves like Node's lookup: the nearest
 *   path up from the dependent (`express/debug/ms`, `express/ms`, `ms`).
 * - Dev-only is not recorded: it is derived from the importers' devDependencies.
 *
 * The binary `bun.lockb` cannot be read; bunLockb.ts says so and how to get the text form.
 * bunLockScanner.ts reads what bun writes without building the whole file's objects; text it gives
 * up on is read here the general way: JSON.parse after dropping trailing commas, and text that still
 * does not parse goes to jsonc-parser, which names the problem and where.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import { normalizeImporter, pinsFromTree } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { BUN_EDGE_FIELDS, type BunLockData, type BunPackageRow, scanBunLock } from './bunLockScanner';
import { JsonKeyFinder } from './jsonKeyFinder';
import { isRegistryVersion } from './registryVersion';
import { withoutTrailingCommas } from './trailingCommas';

type Json = Record<string, unknown>;

const KNOWN_VERSIONS = new Set([0, 1]);

export function parseBunLock(text: string, memberPath?: string): ParsedLockfile {
  const { tree, errors } = bunLockTree(text);
  return { kind: 'bun.lock', packages: pinsFromTree(tree, memberPath), errors, tree };
}

/** `general`: read without the scanner (the property test compares both readers). */
export function bunLockTree(text: string, general = false): { tree: DependencyTree; errors: ParseProblem[] } {
  const scanned = general ? undefined : scanBunLock(text);
  // A repeated package key (JSON.parse keeps its first place and its last value) is left to the general reader.
  return (scanned && treeOf(text, scanned)) ?? treeOf(text, undefined) ?? { tree: new TreeBuilder('bun.lock', text, 'npm').build(), errors: [] };
}

/** The tree from either reader's rows (`scanned` undefined: the general reader); undefined when the scanned rows repeat a key. */
function treeOf(text: string, scanned: BunLockData | undefined): { tree: DependencyTree; errors: ParseProblem[] } | undefined {
  const builder = new TreeBuilder('bun.lock', text, 'npm');
  const errors: ParseProblem[] = [];
  const data = scanned ?? readGenerally(text, builder, errors);
  if (data === undefined) return { tree: builder.build(), errors };
  const version = data.top.lockfileVersion;
  if (typeof version !== 'number' || !KNOWN_VERSIONS.has(version)) {
    errors.push({ message: `Unknown bun.lock lockfileVersion ${JSON.stringify(version) ?? '(none)'} (this version reads 0 and 1); it was not read.`, severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(), errors };
  }
  const workspaces = isObject(data.top.workspaces) ? data.top.workspaces : {};
  const nodeAt = new Map<string, NodeIndex>();
  const skippedAt = new Map<string, [number, number]>();
  const rowOf: BunPackageRow[] = [];
  for (const row of data.packages) {
    const { key, start, end } = row;
    if (nodeAt.has(key) || skippedAt.has(key)) return undefined;
    if (row.resolution === undefined) {
      builder.skip(key, 'unreadable entry', start, end);
      skippedAt.set(key, [start, end]);
      continue;
    }
    const { name, spec } = splitResolution(row.resolution);
    const why = notRegistry(spec);
    if (why !== undefined) {
      builder.skip(name, why, start, end);
      skippedAt.set(key, [start, end]);
      continue;
    }
    const node = builder.addNode(name, spec, { integrity: row.integrity, start, end });
    nodeAt.set(key, node);
    rowOf[node] = row;
  }
  // `<base>/<dep>` can only be a key when `base` is some key's prefix up to a `/`: other bases are
  // passed without building that string (every edge of a hoisted tree would build one).
  const parents = new Set<string>();
  for (const row of data.packages) {
    for (let slash = row.key.indexOf('/'); slash >= 0; slash = row.key.indexOf('/', slash + 1)) parents.add(row.key.slice(0, slash));
  }
  const resolve = (from: string, dep: string): string | undefined => {
    for (let base = from; ; base = parentKey(base)) {
      if (base !== '' && !parents.has(base)) continue;
      const candidate = base === '' ? dep : `${base}/${dep}`;
      if (nodeAt.has(candidate) || skippedAt.has(candidate)) return candidate;
      if (base === '') return undefined;
    }
  };
  for (const [key, node] of nodeAt) {
    for (const dep of rowOf[node].deps) {
      const to = nodeAt.get(resolve(key, dep) ?? '');
      if (to !== undefined) builder.addEdge(node, to);
    }
  }
  const production: NodeIndex[] = [];
  for (const folder of Object.keys(workspaces)) {
    const ws = workspaces[folder];
    if (!isObject(ws)) continue;
    const importer = normalizeImporter(folder);
    builder.importer(importer);
    // Copies for one member sit under the member's name: `app/ms`.
    const base = folder === '' || typeof ws.name !== 'string' ? '' : ws.name;
    const seen = new Set<string>();
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies']) {
      const deps = ws[field];
      if (!isObject(deps)) continue;
      for (const dep of Object.keys(deps)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        const target = resolve(base, dep);
        const node = target === undefined ? undefined : nodeAt.get(target);
        if (node === undefined) {
          const [start, end] = (target === undefined ? undefined : skippedAt.get(target)) ?? [0, 0];
          builder.skip(dep, target === undefined ? 'not in the lockfile' : 'not a registry package', start, end, importer);
          continue;
        }
        builder.direct(importer, dep, node);
        if (field !== 'devDependencies') production.push(node);
      }
    }
  }
  builder.deriveDev(production);
  return { tree: builder.build(), errors };
}

/** `@scope/name@1.2.3` → name and what follows the `@`. */
function splitResolution(resolution: string): { name: string; spec: string } {
  const at = resolution.indexOf('@', 1);
  return at < 0 ? { name: resolution, spec: '' } : { name: resolution.slice(0, at), spec: resolution.slice(at + 1) };
}

/** `express/debug/ms` → `express/debug`; `@s/a/@s/b` → `@s/a`; `debug` → ``. Slices, no split: it runs for every edge. */
export function parentKey(key: string): string {
  const last = key.lastIndexOf('/');
  if (last < 0) return '';
  const before = last === 0 ? -1 : key.lastIndexOf('/', last - 1);
  if (key.charCodeAt(before + 1) === 0x40 /* @ */ && before + 1 < last) return before < 0 ? '' : key.slice(0, before);
  return key.slice(0, last);
}

function notRegistry(spec: string): string | undefined {
  if (spec.startsWith('workspace:')) return 'workspace member';
  if (spec.startsWith('file:') || spec.startsWith('link:')) return 'local path';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec)) return 'git source';
  if (/^https?:/.test(spec)) return 'URL source';
  return isRegistryVersion(spec) ? undefined : `not a registry version (${spec})`;
}

/** The general reader: the whole file as JSON values, each entry's key found again in the text. */
function readGenerally(text: string, builder: TreeBuilder, errors: ParseProblem[]): BunLockData | undefined {
  const data = readJsonc(text, builder, errors);
  if (data === undefined) return undefined;
  const packages = isObject(data.packages) ? data.packages : {};
  const offsets = new JsonKeyFinder(text, '[');
  const rows = Object.keys(packages).map((key): BunPackageRow => {
    const [start, end] = offsets.find(key);
    const entry = packages[key];
    const row: BunPackageRow = { key, start, end, resolution: undefined, integrity: undefined, deps: [] };
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') return row;
    row.resolution = entry[0];
    if (typeof entry[3] === 'string' && entry[3] !== '') row.integrity = entry[3];
    const info: unknown = entry[2];
    if (isObject(info)) {
      for (const field of BUN_EDGE_FIELDS) {
        const deps = info[field];
        if (isObject(deps)) row.deps.push(...Object.keys(deps));
      }
    }
    return row;
  });
  return { top: data, packages: rows };
}

function readJsonc(text: string, builder: TreeBuilder, errors: ParseProblem[]): Json | undefined {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(withoutTrailingCommas(source));
  } catch {
    const problems: ParseError[] = [];
    try {
      value = parse(source, problems, { allowTrailingComma: true });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      errors.push({ message: 'bun.lock is nested too deeply to read.', severity: 'error', range: builder.range(0, 0) });
      return undefined;
    }
    if (problems.length > 0) {
      for (const p of problems.slice(0, 20)) errors.push({ message: `bun.lock: ${printParseErrorCode(p.error)}`, severity: 'error', range: builder.range(p.offset, p.offset + p.length) });
      return undefined;
    }
  }
  if (!isObject(value)) {
    errors.push({ message: 'bun.lock must contain a JSON object.', severity: 'error', range: builder.range(0, 0) });
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
