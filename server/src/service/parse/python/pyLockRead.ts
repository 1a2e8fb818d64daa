/**
 * One read of a Python TOML lockfile (uv.lock, poetry.lock, pylock.toml) for both its pins and its
 * tree: each kind's reader (uvLock.ts, poetryLock.ts, pylock.ts) walks the packages once and records
 * a pin and a tree node for each, sharing the digest array between them.
 *
 * Why one walk: a check of the whole tree asks for the pins (parse/index.ts) and then the tree
 * (parse/lockfileTree.ts) of the same text. Two walks built every digest, name and hash array twice,
 * and the TOML values had to stay alive between them (a WeakRef that V8 keeps until the end of the
 * job), so the collector copied the whole value graph of the file on every read (docs/benchmarks.md,
 * "Findings: the Python lockfiles, one walk"). Now the pins read builds the tree too and hands it over:
 * the tree step takes it when it asks for the same text next, and reads the text again otherwise.
 */
import type { LockfileKind, ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import * as charCodes from '../charCodes';
import type { DependencyTree } from '../../tree/types';
import { LOCKFILE_KEYS, lockTomlReader, scannedValues, type PyTomlLockKind } from './lockfileValues';
import { LockfileBuilder, tables, type Plain } from './pyLockfile';
import { parseTomlValues, type TomlValues } from './toml';

const { CR, NEWLINE, SPACE, TAB } = charCodes;

/** What a kind's reader gets: the document's root values, the tree to fill and (when pins are wanted) the pins to fill. */
export class PyLockRead {
  /** What the tree is built from: a new builder when the tree turns out not to be read. */
  builder: TreeBuilder;
  /** Undefined once the tree is known not to be read (an empty file, an unknown format version). */
  tree: TreeBuilder | undefined;
  /** Undefined when only the tree is wanted. */
  readonly pins: LockfileBuilder | undefined;
  /** The tree's problems (the pins keep their own in `pins`). */
  readonly treeErrors: ParseProblem[];
  private headers: number[] | undefined;

  constructor(
    readonly kind: PyTomlLockKind,
    readonly text: string,
    /**
     * The document's root table. Read package by package (`PyLockReader`), its own key/values are
     * complete from the first package on, and its tables (poetry's `[metadata]`) when `end` is called.
     */
    readonly data: Plain,
    values: TomlValues,
    withPins: boolean,
  ) {
    this.builder = new TreeBuilder(kind, text, 'pypi');
    this.tree = this.builder;
    this.pins = withPins ? new LockfileBuilder(kind, text, values) : undefined;
    this.treeErrors = values.errors.map((e) => ({ message: e.message, severity: 'error', range: values.range(e.start, e.end) }));
    if (text.trim() === '') this.failTree(`${kind} is empty.`);
  }

  /** The tree is not read: an error at the start of the file, and no nodes (even those added so far). */
  failTree(message: string): void {
    if (this.tree === undefined) return;
    this.builder = new TreeBuilder(this.kind, this.text, 'pypi');
    this.tree = undefined;
    this.treeErrors.push({ message, severity: 'error', range: this.builder.range(0, 0) });
  }

  /** Offsets of the `i`-th `[[package]]` (`[[packages]]`) header, from its first bracket to after `]]`. */
  span(i: number): [number, number] {
    this.headers ??= headerOffsets(this.text, packagesKey(this.kind));
    const at = this.headers[i] ?? 0;
    const end = this.text.indexOf(']]', at);
    return [at, end < 0 ? at : end + 2];
  }
}

/** A kind's reader (uvLock.ts, poetryLock.ts, pylock.ts): the packages one at a time, in order, then the end. */
export interface PyLockReader {
  /** The `i`-th table of `[[package]]` (`[[packages]]`): valid only during the call unless kept. */
  package(pkg: Plain, i: number): void;
  end(): void;
}

export type PyLockReaderOf = (read: PyLockRead) => PyLockReader;

export interface PyLockResult {
  /** Present when asked for. */
  pins: ParsedLockfile | undefined;
  tree: DependencyTree;
  errors: ParseProblem[];
}

function packagesKey(kind: PyTomlLockKind): string {
  return kind === 'pylock.toml' ? 'packages' : 'package';
}

/**
 * The scanner hands each package over as soon as it is read (lockTomlScanner.ts, `TableStream`), so
 * its values die young. When the scanner gives up, what it handed over is dropped and the library's
 * values are read from the start.
 */
function read(kind: PyTomlLockKind, text: string, readerOf: PyLockReaderOf, withPins: boolean): PyLockResult {
  const key = packagesKey(kind);
  let state: PyLockRead | undefined;
  let reader: PyLockReader | undefined;
  const start = (data: Plain, values: TomlValues): PyLockReader => {
    state = new PyLockRead(kind, text, data, values, withPins);
    return (reader = readerOf(state));
  };
  const data = lockTomlReader.scan(text, LOCKFILE_KEYS[kind], {
    key,
    each: (element, index, root) => (reader ?? start(root, scannedValues(text, root))).package(element, index),
  });
  if (data === undefined) {
    const values = parseTomlValues(text);
    start(values.data, values);
  } else if (reader === undefined) start(data, scannedValues(text, data));
  const done = state as PyLockRead;
  const last = reader as PyLockReader;
  // Packages the stream did not hand over: all of them from the library, an inline array from the scanner.
  tables(done.data[key]).forEach((pkg, i) => last.package(pkg, i));
  last.end();
  return { pins: done.pins?.result(), tree: done.builder.build(kind !== 'pylock.toml'), errors: done.treeErrors };
}

interface Handoff {
  text: string;
  kind: LockfileKind;
  scan: typeof lockTomlReader.scan;
  tree: DependencyTree;
  errors: ParseProblem[];
}

/**
 * The tree of the last pins read, until the tree step takes it. A WeakRef: nothing is kept alive
 * for a tree step that never comes (the text is then read again). Taken once, so each tree step
 * gets a tree no one else holds, as a fresh read would give.
 */
let handoff: WeakRef<Handoff> | undefined;

/** The pins of `text` (and its tree, kept for `lockTree`). */
export function lockPins(kind: PyTomlLockKind, text: string, reader: PyLockReaderOf): ParsedLockfile {
  const result = read(kind, text, reader, true);
  handoff = new WeakRef({ text, kind, scan: lockTomlReader.scan, tree: result.tree, errors: result.errors });
  return result.pins as ParsedLockfile;
}

/** The tree of `text`: the one the last pins read built when it was of the same text, else a new read. */
export function lockTree(kind: PyTomlLockKind, text: string, reader: PyLockReaderOf): { tree: DependencyTree; errors: ParseProblem[] } {
  const kept = handoff?.deref();
  handoff = undefined;
  if (kept !== undefined && kept.kind === kind && kept.scan === lockTomlReader.scan && kept.text === text) return { tree: kept.tree, errors: kept.errors };
  const { tree, errors } = read(kind, text, reader, false);
  return { tree, errors };
}

/**
 * Where `^[ \t]*\[\[[ \t]*<table>[ \t]*\]\]` (flag `m`) matches, at its first `[`, found from each
 * `[[` in the text: the regular expression made a match array per header (~10,000 in a 10 MB
 * poetry.lock, docs/benchmarks.md). `^` is after any line terminator, as in the regular expression.
 */
export function headerOffsets(text: string, table: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf('[[', 0); at >= 0; at = text.indexOf('[[', at + 1)) {
    if (atLineStart(text, at) && namesTable(text, at + 2, table)) out.push(at);
  }
  return out;
}

function atLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const c = text.charCodeAt(i);
  return c === NEWLINE || c === CR || c === 0x2028 || c === 0x2029;
}

/** `[ \t]*<table>[ \t]*]]` at `from`. */
function namesTable(text: string, from: number, table: string): boolean {
  let i = from;
  while (isBlank(text.charCodeAt(i))) i++;
  if (!text.startsWith(table, i)) return false;
  i += table.length;
  while (isBlank(text.charCodeAt(i))) i++;
  return text.startsWith(']]', i);
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
