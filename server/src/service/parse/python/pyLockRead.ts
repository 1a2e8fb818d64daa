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
import { lockfileTomlValues, lockTomlReader, type PyTomlLockKind } from './lockfileValues';
import { LockfileBuilder, type Plain } from './pyLockfile';

const { CR, NEWLINE, SPACE, TAB } = charCodes;

/** What a kind's reader gets: the values, the tree to fill and (when pins are wanted) the pins to fill. */
export class PyLockRead {
  /** Undefined once the tree is known not to be read (an empty file, an unknown format version). */
  tree: TreeBuilder | undefined;
  private headers: number[] | undefined;

  constructor(
    readonly kind: PyTomlLockKind,
    readonly text: string,
    readonly data: Plain,
    tree: TreeBuilder,
    /** Undefined when only the tree is wanted. */
    readonly pins: LockfileBuilder | undefined,
    /** The tree's problems (the pins keep their own in `pins`). */
    readonly treeErrors: ParseProblem[],
  ) {
    this.tree = tree;
  }

  /** The tree is not read: an error at the start of the file, and no nodes. */
  failTree(message: string): void {
    if (this.tree === undefined) return;
    this.treeErrors.push({ message, severity: 'error', range: this.tree.range(0, 0) });
    this.tree = undefined;
  }

  /** Offsets of the `i`-th `[[package]]` (`[[packages]]`) header, from its first bracket to after `]]`. */
  span(i: number): [number, number] {
    this.headers ??= headerOffsets(this.text, this.kind === 'pylock.toml' ? 'packages' : 'package');
    const at = this.headers[i] ?? 0;
    const end = this.text.indexOf(']]', at);
    return [at, end < 0 ? at : end + 2];
  }
}

export type PyLockReader = (read: PyLockRead) => void;

export interface PyLockResult {
  /** Present when asked for. */
  pins: ParsedLockfile | undefined;
  tree: DependencyTree;
  errors: ParseProblem[];
}

function read(kind: PyTomlLockKind, text: string, reader: PyLockReader, withPins: boolean): PyLockResult {
  const values = lockfileTomlValues(text, kind);
  const builder = new TreeBuilder(kind, text, 'pypi');
  const treeErrors: ParseProblem[] = values.errors.map((e) => ({ message: e.message, severity: 'error', range: values.range(e.start, e.end) }));
  const pins = withPins ? new LockfileBuilder(kind, text, values) : undefined;
  const state = new PyLockRead(kind, text, values.data, builder, pins, treeErrors);
  if (text.trim() === '') state.failTree(`${kind} is empty.`);
  reader(state);
  return { pins: pins?.result(), tree: builder.build(kind !== 'pylock.toml'), errors: treeErrors };
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
export function lockPins(kind: PyTomlLockKind, text: string, reader: PyLockReader): ParsedLockfile {
  const result = read(kind, text, reader, true);
  handoff = new WeakRef({ text, kind, scan: lockTomlReader.scan, tree: result.tree, errors: result.errors });
  return result.pins as ParsedLockfile;
}

/** The tree of `text`: the one the last pins read built when it was of the same text, else a new read. */
export function lockTree(kind: PyTomlLockKind, text: string, reader: PyLockReader): { tree: DependencyTree; errors: ParseProblem[] } {
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
