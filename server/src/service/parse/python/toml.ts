/**
 * The one place that knows which TOML libraries the project uses. Everything else sees either a small
 * tree with raw source offsets (manifests, which need ranges) or plain values (lockfiles, which need
 * speed): see docs/formats/pyproject.md for the measurements behind the split.
 *
 * Neither result throws on bad input. Half-typed TOML is normal while editing, so when the document
 * does not parse, pyTomlRecovery reads it table by table, repairing broken lines, and whatever could
 * be read is returned together with the errors.
 */
import { parse as parseToml } from 'smol-toml';
// toml-eslint-parser ships only as an ES module; with `module: node16` TypeScript refuses to import it
// from a CommonJS file even though Node ≥ 20.19 (our floor) loads it with require() and esbuild bundles
// it. `module: node20` accepts the import, and then this directive fails and must be removed.
// ESM-only package: `module: node20` lets CommonJS require() it, as Node ≥ 20.19 does at run time.
import { parseTOML } from 'toml-eslint-parser';
import type { AST } from 'toml-eslint-parser' with { 'resolution-mode': 'import' };
import type { Range } from '../../model';
import { positionsOf } from '../lineIndex';
import { lineSpan, recoverSegments, type ParseAttempt } from './pyTomlRecovery';

/** Offsets into the raw document text (UTF-16 code units, end exclusive). */
export interface TomlSpan {
  start: number;
  end: number;
}

export interface TomlString extends TomlSpan {
  type: 'string';
  value: string;
}

/** Numbers, booleans and date-times: the manifests only ever need to compare them with `true`. */
export interface TomlScalar extends TomlSpan {
  type: 'scalar';
  value: number | boolean | string;
}

export interface TomlArray extends TomlSpan {
  type: 'array';
  items: TomlNode[];
}

/**
 * A table. Its span is its `[header]` when it has one, its braces when inline, and otherwise the
 * header or key/value that brought it into existence (`[a.b]` creates `a` implicitly).
 */
export interface TomlTable extends TomlSpan {
  type: 'table';
  entries: Map<string, TomlEntry>;
}

export type TomlNode = TomlString | TomlScalar | TomlArray | TomlTable;

/** A key and its value. The span is the whole `key = value` pair, or the header of a `[table]`. */
export interface TomlEntry extends TomlSpan {
  key: string;
  node: TomlNode;
}

export interface TomlError extends TomlSpan {
  message: string;
}

export interface TomlDocument {
  root: TomlTable;
  errors: TomlError[];
  /** Converts raw offsets to an LSP range. */
  range: (start: number, end: number) => Range;
}

export interface TomlValues {
  /** The document as plain values (tables are objects, arrays are arrays). */
  data: Record<string, unknown>;
  errors: TomlError[];
  range: (start: number, end: number) => Range;
}

/** Parses with source offsets, recovering what it can from invalid TOML. */
export function parseTomlTree(text: string): TomlDocument {
  const positionAt = positionsOf(text);
  const range = (start: number, end: number): Range => ({ start: positionAt(start), end: positionAt(end) });
  const builder = new TreeBuilder(text);
  const whole = tryParse(text);
  if (whole.ok) {
    builder.add(whole.value, 0);
    return { root: builder.root, errors: [], range };
  }
  // A file without table headers is one segment, the whole text: its failed parse is not repeated.
  const recovered = recoverSegments(text, (segment) => (segment === text ? whole : tryParse(segment)));
  for (const part of recovered.parts) builder.add(part.value, part.base);
  // Parts can each be valid while the whole is not (a table defined twice): then report the parser's error.
  const errors = recovered.errors.length > 0 ? recovered.errors.sort((a, b) => a.start - b.start) : [{ message: `TOML: ${whole.message}`, ...lineSpan(text, whole.index) }];
  return { root: builder.root, errors, range };
}

/**
 * Parses to plain values. smol-toml does this about 7× faster than @iarna/toml and 20× faster than
 * building the ranged tree, which matters for multi-megabyte lockfiles (docs/decisions.md, "TOML");
 * only when it fails is the slower recovering parser used.
 */
export function parseTomlValues(text: string): TomlValues {
  try {
    const data = parseToml(text) as Record<string, unknown>;
    const positionAt = positionsOf(text);
    return { data, errors: [], range: (start, end) => ({ start: positionAt(start), end: positionAt(end) }) };
  } catch {
    // The library's message is for a console; the recovering parser reports errors with offsets.
    const tree = parseTomlTree(text);
    return { data: toPlain(tree.root) as Record<string, unknown>, errors: tree.errors, range: tree.range };
  }
}

/** The entry at a dotted path of table keys, or undefined. */
export function getEntry(table: TomlTable | undefined, ...path: string[]): TomlEntry | undefined {
  let entry: TomlEntry | undefined;
  let current: TomlNode | undefined = table;
  for (const key of path) {
    if (current?.type !== 'table') return undefined;
    entry = current.entries.get(key);
    current = entry?.node;
  }
  return entry;
}

export function getTable(table: TomlTable | undefined, ...path: string[]): TomlTable | undefined {
  const node = getEntry(table, ...path)?.node;
  return node?.type === 'table' ? node : undefined;
}

export function getString(table: TomlTable | undefined, ...path: string[]): string | undefined {
  const node = getEntry(table, ...path)?.node;
  return node?.type === 'string' ? node.value : undefined;
}

/** The tables of an array of tables (`[[source]]`, `index = [{…}]`); anything else in it is left out. */
export function getTables(table: TomlTable | undefined, ...path: string[]): TomlTable[] {
  const node = getEntry(table, ...path)?.node;
  return node?.type === 'array' ? node.items.filter((i): i is TomlTable => i.type === 'table') : [];
}

/** Whether the value is the boolean `true` (a missing key or any other value is not). */
export function getFlag(table: TomlTable | undefined, ...path: string[]): boolean {
  const node = getEntry(table, ...path)?.node;
  return node?.type === 'scalar' && node.value === true;
}

function toPlain(node: TomlNode): unknown {
  switch (node.type) {
    case 'string':
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toPlain);
    case 'table':
      return Object.fromEntries([...node.entries].map(([k, e]) => [k, toPlain(e.node)]));
  }
}

function tryParse(text: string): ParseAttempt<AST.TOMLProgram> {
  try {
    return { ok: true, value: parseTOML(text, { tomlVersion: '1.0' }) };
  } catch (err: unknown) {
    const index = typeof (err as { index?: unknown }).index === 'number' ? (err as { index: number }).index : 0;
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, index: Math.max(0, Math.min(index, text.length)), message };
  }
}

/** Builds one tree from one or more parsed pieces of the same document, merging tables as TOML does. */
class TreeBuilder {
  readonly root: TomlTable;

  constructor(private readonly text: string) {
    this.root = { type: 'table', entries: new Map(), start: 0, end: text.length };
  }

  add(ast: AST.TOMLProgram, base: number): void {
    for (const item of ast.body[0].body) {
      if (item.type === 'TOMLKeyValue') {
        this.assign(this.root, item, base);
        continue;
      }
      const header = this.headerSpan(item, base);
      const names = item.key.keys.map(keyName);
      const parent = this.walk(this.root, names.slice(0, -1), header);
      const last = names[names.length - 1];
      let table: TomlTable;
      if (item.kind === 'array') {
        table = { type: 'table', entries: new Map(), ...header };
        const existing = parent.entries.get(last);
        if (existing?.node.type === 'array') existing.node.items.push(table);
        else if (!existing) parent.entries.set(last, { key: last, ...header, node: { type: 'array', items: [table], ...header } });
      } else {
        table = this.child(parent, last, header);
        // A table first created implicitly (by `[a.b]` before `[a]`) takes its own header once defined.
        table.start = header.start;
        table.end = header.end;
        const entry = parent.entries.get(last);
        if (entry) Object.assign(entry, header);
      }
      for (const kv of item.body) this.assign(table, kv, base);
    }
  }

  private headerSpan(table: AST.TOMLTable, base: number): TomlSpan {
    const start = table.range[0] + base;
    const close = this.text.indexOf(']', table.key.range[1] + base);
    const end = close < 0 ? table.key.range[1] + base : close + (table.kind === 'array' ? 2 : 1);
    return { start, end: Math.min(end, this.text.length) };
  }

  /** Follows (creating as needed) tables along `names`; an array of tables continues in its last item. */
  private walk(from: TomlTable, names: string[], span: TomlSpan): TomlTable {
    let table = from;
    for (const name of names) table = this.child(table, name, span);
    return table;
  }

  private child(table: TomlTable, name: string, span: TomlSpan): TomlTable {
    const existing = table.entries.get(name)?.node;
    if (existing?.type === 'table') return existing;
    if (existing?.type === 'array') {
      const last = existing.items[existing.items.length - 1];
      if (last?.type === 'table') return last;
    }
    const created: TomlTable = { type: 'table', entries: new Map(), ...span };
    // A clash with a non-table value only happens across recovered segments; the first definition wins.
    if (!existing) table.entries.set(name, { key: name, ...span, node: created });
    return created;
  }

  private assign(table: TomlTable, kv: AST.TOMLKeyValue, base: number): void {
    const span = { start: kv.range[0] + base, end: kv.range[1] + base };
    const names = kv.key.keys.map(keyName);
    const target = this.walk(table, names.slice(0, -1), span);
    const last = names[names.length - 1];
    if (!target.entries.has(last)) target.entries.set(last, { key: last, ...span, node: this.convert(kv.value, base) });
  }

  private convert(node: AST.TOMLContentNode, base: number): TomlNode {
    const span = { start: node.range[0] + base, end: node.range[1] + base };
    switch (node.type) {
      case 'TOMLArray':
        return { type: 'array', items: node.elements.map((e) => this.convert(e, base)), ...span };
      case 'TOMLInlineTable': {
        const table: TomlTable = { type: 'table', entries: new Map(), ...span };
        for (const kv of node.body) this.assign(table, kv, base);
        return table;
      }
      case 'TOMLValue':
        if (node.kind === 'string') return { type: 'string', value: node.value, ...span };
        if (node.kind === 'integer' || node.kind === 'float' || node.kind === 'boolean') return { type: 'scalar', value: node.value, ...span };
        return { type: 'scalar', value: node.datetime, ...span };
    }
  }
}

function keyName(key: AST.TOMLBare | AST.TOMLQuoted): string {
  return key.type === 'TOMLBare' ? key.name : key.value;
}
