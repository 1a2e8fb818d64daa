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
import { parse, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import type { ParsedLockfile, ParseProblem } from '../../model';
import { type NodeFields, TreeBuilder } from '../../tree/builder';
import { normalizeImporter, pinsFromTree } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import * as spanTable from '../spanTable';
import { BunKeys } from './bunLockKeys';
import { type BunEntryStrings, type BunRows, joinedRows } from './bunLockRows';
import { BUN_EDGE_FIELDS, type BunLockData, scanBunLock } from './bunLockScanner';
import { isRegistryVersion } from './registryVersion';
import { withoutTrailingCommas } from './trailingCommas';

type Json = Record<string, unknown>;

// Bound once: under tsx (the benchmarks) every use of a named import is a getter call (parse/charCodes.ts).
const { ABSENT } = spanTable;

const KNOWN_VERSIONS = new Set([0, 1]);
const AT = 0x40;

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

/**
 * The tree from either reader's rows (`scanned` undefined: the general reader); undefined when the
 * scanned rows repeat a key.
 */
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
  const rows = data.packages;
  const keys = new BunKeys(rows.source);
  const rowOf = addNodes(builder, rows, keys);
  if (rowOf === undefined) return undefined;
  addEdges(builder, rows, keys, rowOf);
  builder.deriveDev(addImporters(builder, isObject(data.top.workspaces) ? data.top.workspaces : {}, rows, keys));
  return { tree: builder.build(), errors };
}

/** What a key maps to when its entry is not a node (never ABSENT, -1). */
const skippedRow = (row: number): number => -2 - row;

/**
 * A node or a skipped entry per row, each key into `keys`; the row of each node, or undefined when
 * a key repeats. Loops of their own (here and below): each is compiled with the feedback of its own
 * work, not as one function whose later loops had none yet (they were deoptimised on every read).
 */
function addNodes(builder: TreeBuilder, rows: BunRows, keys: BunKeys): Int32Array | undefined {
  const source = rows.source;
  const rowOf = new Int32Array(rows.count);
  // One fields object for every node: addNode reads it and keeps nothing of it.
  const fields: NodeFields = { integrity: undefined, start: 0, end: 0 };
  for (let row = 0; row < rows.count; row++) {
    const keyStart = rows.keyStart(row);
    const keyEnd = rows.keyEnd(row);
    const key = source.slice(keyStart, keyEnd);
    const start = rows.start(row);
    const end = rows.end(row);
    const from = rows.resolutionStart(row);
    if (from < 0) {
      if (!keys.add(key, keyStart, keyEnd, skippedRow(row))) return undefined;
      builder.skip(key, 'unreadable entry', start, end);
      continue;
    }
    // `@scope/name@1.2.3` → name and what follows the `@`; a hoisted entry's name is its key (one string for both).
    const to = rows.resolutionEnd(row);
    let at = from + 1;
    while (at < to && source.charCodeAt(at) !== AT) at++;
    const name = at - from === keyEnd - keyStart && source.startsWith(key, from) ? key : source.slice(from, at);
    const spec = at < to ? source.slice(at + 1, to) : '';
    const why = notRegistry(spec);
    if (why !== undefined) {
      if (!keys.add(key, keyStart, keyEnd, skippedRow(row))) return undefined;
      builder.skip(name, why, start, end);
      continue;
    }
    if (!keys.add(key, keyStart, keyEnd, builder.nodes.length)) return undefined;
    const integrityStart = rows.integrityStart(row);
    fields.integrity = integrityStart < 0 ? undefined : source.slice(integrityStart, rows.integrityEnd(row));
    fields.start = start;
    fields.end = end;
    rowOf[builder.addNode(name, spec, fields)] = row;
  }
  return rowOf;
}

/** Each node's dependency names, resolved from its key, as its edges. */
function addEdges(builder: TreeBuilder, rows: BunRows, keys: BunKeys, rowOf: Int32Array): void {
  // Reused for every node (`length = 0` would drop its store, and each node's first push make one of 17).
  const targets: NodeIndex[] = [];
  for (let node = 0; node < builder.nodes.length; node++) {
    const row = rowOf[node];
    const fromStart = rows.keyStart(row);
    const fromEnd = rows.keyEnd(row);
    const top = keys.resolvesAtTop(fromStart, fromEnd);
    let count = 0;
    for (let d = rows.depsFrom(row); d < rows.depsTo(row); d++) {
      const to = top ? keys.topLevel(rows.depStart(d), rows.depEnd(d)) : keys.resolve(fromStart, fromEnd, rows.depStart(d), rows.depEnd(d));
      if (to >= 0) targets[count++] = to;
    }
    // An array of the exact length, handed to the node (builder.ts `addEdges`).
    if (count > 0) builder.addEdges(node, targets.slice(0, count));
  }
}

/** Each workspace member's dependencies, resolved from the member's name; the production roots. */
function addImporters(builder: TreeBuilder, workspaces: Json, rows: BunRows, keys: BunKeys): NodeIndex[] {
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
        const node = keys.resolveString(base, dep);
        if (node === ABSENT) builder.skip(dep, 'not in the lockfile', 0, 0, importer);
        else if (node < 0) builder.skip(dep, 'not a registry package', rows.start(skippedRow(node)), rows.end(skippedRow(node)), importer);
        else {
          builder.direct(importer, dep, node);
          if (field !== 'devDependencies') production.push(node);
        }
      }
    }
  }
  return production;
}

// Module constants: a regular expression literal in the function made two RegExp objects per entry (~5 MB per 10 MB bun.lock).
const GIT_SOURCE = /^(git\+|git:|github:|gitlab:|bitbucket:)/;
const URL_SOURCE = /^https?:/;

function notRegistry(spec: string): string | undefined {
  const c = spec.charCodeAt(0);
  // A digit: not one of the prefixes below (most entries; they skip five tests).
  if (c >= 0x30 && c <= 0x39) return isRegistryVersion(spec) ? undefined : `not a registry version (${spec})`;
  if (spec.startsWith('workspace:')) return 'workspace member';
  if (spec.startsWith('file:') || spec.startsWith('link:')) return 'local path';
  if (GIT_SOURCE.test(spec)) return 'git source';
  if (URL_SOURCE.test(spec)) return 'URL source';
  return isRegistryVersion(spec) ? undefined : `not a registry version (${spec})`;
}

/** The general reader: the whole file as JSON values, each entry's key found in the text by jsonc-parser (packageKeyOffsets). */
function readGenerally(text: string, builder: TreeBuilder, errors: ParseProblem[]): BunLockData | undefined {
  const data = readJsonc(text, builder, errors);
  if (data === undefined) return undefined;
  return { top: data, packages: joinedRows(entriesOf(data, packageKeyOffsets(text))) };
}

/** The `packages` entries of the whole file's value, each key at its offsets (also test/helpers/bunLockTreeReference.ts's). */
export function entriesOf(data: Json, offsets: Map<string, [number, number]>): BunEntryStrings[] {
  const packages = isObject(data.packages) ? data.packages : {};
  return Object.keys(packages).map((key): BunEntryStrings => {
    const [start, end] = offsets.get(key) ?? [0, 0];
    const entry = packages[key];
    const row: BunEntryStrings = { key, start, end, resolution: undefined, integrity: undefined, deps: [] };
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
}

/**
 * Offsets (with quotes) of the keys of the top-level `packages` object: of the last one, whose value
 * JSON.parse keeps, and of a repeated key's first place, where JSON.parse lists it. Found by
 * jsonc-parser's visitor, which knows each key's depth: a search for `"os": [` would find an
 * earlier entry's `os` field (an array) for a package named `os`.
 */
function packageKeyOffsets(text: string): Map<string, [number, number]> {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let offsets = new Map<string, [number, number]>();
  let depth = 0;
  let topKey = '';
  let inPackages = false;
  const open = (): void => {
    if (depth === 1 && topKey === 'packages') {
      offsets = new Map();
      inPackages = true;
    }
    depth++;
  };
  const close = (): void => {
    depth--;
    if (depth === 1) inPackages = false;
  };
  visit(bom === 0 ? text : text.slice(1), {
    onObjectBegin: open,
    onArrayBegin: open,
    onObjectEnd: close,
    onArrayEnd: close,
    onObjectProperty: (property, offset, length) => {
      if (depth === 1) topKey = property;
      else if (depth === 2 && inPackages && !offsets.has(property)) offsets.set(property, [bom + offset, bom + offset + length]);
    },
  }, { allowTrailingComma: true });
  return offsets;
}

/** The whole file as one JSON value (an object), or undefined with the problems in `errors`; also test/helpers/bunLockTreeReference.ts's. */
export function readJsonc(text: string, builder: TreeBuilder, errors: ParseProblem[]): Json | undefined {
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
