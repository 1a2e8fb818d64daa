/**
 * YAML lockfiles (pnpm-lock.yaml, yarn Berry's yarn.lock) → Maps, arrays and strings, with the
 * offsets of the entry keys. The fast scanner (lockYamlScanner.ts) reads what the package managers
 * write; anything else goes to the `yaml` library (docs/decisions.md), which reads the rest of
 * YAML or says exactly what is wrong. Several documents in one file are an error: no package
 * manager writes them, and reading only the first would hide the others.
 */
import { isMap, isScalar, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { scanLockYaml, type SkipRule, type YamlMap, type YamlRead, type YamlValue } from './lockYamlScanner';

export type { SkipRule, YamlMap, YamlRead, YamlValue } from './lockYamlScanner';

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

/**
 * The library's time grows faster than the file (docs/decisions.md, "YAML lockfiles": 1.7 s CPU for
 * 1 MB, 4.6 s for 2 MB, 84 s for 10 MB here): past this size a file the scanner refuses is reported,
 * not handed to it, so one stray tab cannot hold the language server for minutes.
 */
export const LIBRARY_MAX_CHARS = 2 * 1024 * 1024;

export function readLockYaml(text: string, skip?: SkipRule): { read: YamlRead | undefined; errors: YamlProblem[] } {
  const fast = scanLockYaml(text, skip);
  if (fast) return { read: fast, errors: [] };
  if (text.length > LIBRARY_MAX_CHARS) {
    const message = `The file uses YAML its package manager does not write (tabs, anchors, tags, block scalars, document markers or uneven indentation), and at ${(text.length / 1048576).toFixed(1)} MB it is too large for the general YAML reader; it was not read.`;
    return { read: undefined, errors: [{ message, start: 0, end: 0 }] };
  }
  return readWithLibrary(text);
}

/** The library's reading, exported for the property test that holds the scanner to it. */
export function readWithLibrary(text: string): { read: YamlRead | undefined; errors: YamlProblem[] } {
  // The library is slow on some hostile lines (a 100 KB line of `"`, of anchors or of a quoted
  // `{a: …`: 15–45 s on the 2-core machine of docs/benchmarks.md) and on deeply nested flow
  // collections (100 KB of `[`: 3–7 s, or a stack overflow). No lockfile writes a line anywhere near
  // MAX_LINE or nests flow collections more than twice, so such a file is refused in one pass.
  const longLine = lineLongerThan(text, MAX_LINE);
  if (longLine !== undefined) return { read: undefined, errors: [{ message: `Line ${longLine.line + 1} is ${longLine.length} characters long; no lockfile writes lines longer than ${MAX_LINE}.`, start: longLine.start, end: longLine.start }] };
  const tooDeep = flowNestingBeyond(text, MAX_DEPTH);
  if (tooDeep !== undefined) return { read: undefined, errors: [{ message: `The file nests YAML collections more than ${MAX_DEPTH} levels deep; no lockfile does.`, start: tooDeep, end: tooDeep }] };
  let docs: Document.Parsed[];
  try {
    docs = Array.from(parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true }));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { read: undefined, errors: [{ message: 'The file is nested too deeply to read.', start: 0, end: 0 }] };
  }
  if (docs.length === 0) return { read: { root: new Map(), keySpans: new Map() }, errors: [] };
  if (docs.length > 1) {
    const at = docs[1].range[0];
    return { read: undefined, errors: [{ message: `The file holds ${docs.length} YAML documents; a lockfile has one.`, start: at, end: at }] };
  }
  const doc = docs[0];
  if (doc.errors.length > 0) {
    return { read: undefined, errors: doc.errors.map((e) => ({ message: e.message.split('\n')[0], start: e.pos[0], end: e.pos[1] })) };
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === '')) return { read: { root: new Map(), keySpans: new Map() }, errors: [] };
  if (!isMap(contents)) return { read: undefined, errors: [{ message: 'The file is not a YAML mapping.', start: 0, end: text.length }] };
  const keySpans = new Map<string, [number, number]>();
  let root: YamlValue;
  try {
    root = convert(contents, (key, node, depth, parent) => {
      if (depth === 0) keySpans.set(key, [node.range?.[0] ?? 0, node.range?.[1] ?? 0]);
      else if (depth === 1) keySpans.set(`${parent}\n${key}`, [node.range?.[0] ?? 0, node.range?.[1] ?? 0]);
    });
  } catch (error) {
    if (!(error instanceof NotPlain)) throw error;
    return { read: undefined, errors: [{ message: `The file uses YAML that no lockfile contains (${error.message}).`, start: 0, end: 0 }] };
  }
  if (!(root instanceof Map)) return { read: undefined, errors: [{ message: 'The file is not a YAML mapping.', start: 0, end: text.length }] };
  return { read: { root, keySpans }, errors: [] };
}

class NotPlain extends Error {}

/**
 * The offset where `[`/`{` flow collections first nest deeper than `limit`, quoted text and comments
 * left out; undefined when they never do. One pass, so it is linear however hostile the text.
 */
function flowNestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
      const end = closingQuote(text, i, c);
      if (end < 0) return undefined;
      i = end;
    } else if (c === 0x23 /* # */ && (i === 0 || text.charCodeAt(i - 1) <= 0x20)) {
      const end = text.indexOf('\n', i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if ((c === 0x5d /* ] */ || c === 0x7d /* } */) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** The offset of the quote that closes the one at `start` (YAML: `''` inside single quotes, `\\"` inside double), or -1. */
function closingQuote(text: string, start: number, quote: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c /* \\ */) i++;
    else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return -1;
}

/** Longer than any line a package manager writes (the longest are integrity hashes, ~100 characters). */
const MAX_LINE = 16_384;

/** The first line longer than `limit`, with its 0-based number and start offset; undefined when none is. */
function lineLongerThan(text: string, limit: number): { line: number; start: number; length: number } | undefined {
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end - start > limit) return { line, start, length: end - start };
    if (newline < 0) return undefined;
    start = newline + 1;
  }
  return undefined;
}

/** Deeper than any lockfile nests (pnpm's deepest is 4): a hostile file must not overflow the stack. */
const MAX_DEPTH = 32;

function convert(node: unknown, onKey: (key: string, keyNode: YamlNode, depth: number, parent: string) => void, depth = 0, parent = ''): YamlValue {
  if (depth > MAX_DEPTH) throw new NotPlain(`nested more than ${MAX_DEPTH} levels deep`);
  if (isScalar(node)) return typeof node.value === 'string' ? node.value : String(node.value as string | number | boolean | null ?? '');
  if (isMap(node)) {
    // Offsets are kept for block entries only: a flow map's keys are never a lockfile entry.
    if (node.flow === true) onKey = () => undefined;
    const map: YamlMap = new Map();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) throw new NotPlain('complex key');
      const key = String(pair.key.value);
      onKey(key, pair.key, depth, parent);
      map.set(key, pair.value === null ? '' : convert(pair.value, onKey, depth + 1, key));
    }
    return map;
  }
  if (node !== null && typeof node === 'object' && 'items' in node && Array.isArray(node.items)) {
    return (node.items as unknown[]).map((item) => convert(item, onKey, depth + 1, ''));
  }
  throw new NotPlain('aliases or tags');
}
