/**
 * YAML lockfiles (pnpm-lock.yaml, yarn Berry's yarn.lock) → Maps, arrays and strings, with the
 * offsets of the entry keys. The fast scanner (lockYamlScanner.ts) reads what the package managers
 * write; anything else goes to the `yaml` library (docs/decisions.md), which reads the rest of
 * YAML or says exactly what is wrong. Several documents in one file are an error: no package
 * manager writes them, and reading only the first would hide the others.
 */
import { isMap, isScalar, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import { scanLockYaml, type YamlMap, type YamlRead, type YamlValue } from './lockYamlScanner';

export type { YamlMap, YamlRead, YamlValue } from './lockYamlScanner';

export interface YamlProblem {
  message: string;
  start: number;
  end: number;
}

export function readLockYaml(text: string, skip?: ReadonlySet<string>): { read: YamlRead | undefined; errors: YamlProblem[] } {
  const fast = scanLockYaml(text, skip);
  if (fast) return { read: fast, errors: [] };
  return readWithLibrary(text);
}

/** The library's reading, exported for the property test that holds the scanner to it. */
export function readWithLibrary(text: string): { read: YamlRead | undefined; errors: YamlProblem[] } {
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

function convert(node: unknown, onKey: (key: string, keyNode: YamlNode, depth: number, parent: string) => void, depth = 0, parent = ''): YamlValue {
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
