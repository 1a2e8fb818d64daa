/**
 * A targeted reader for the YAML that pnpm and yarn Berry write into their lockfiles: the lines of
 * lockYamlCursor.ts turned into Maps, arrays and strings, with the offsets of the entry keys.
 *
 * Why not only the `yaml` library: on this machine it reads a 10 MB pnpm-lock.yaml at a few MB/s
 * (docs/decisions.md has the figures), far from the 50 MB/s every lockfile parser must reach.
 *
 * Anything outside the subset (see the cursor) or a duplicate key makes it give up and return
 * undefined; lockYaml.ts then hands the text to the library, which reads or rejects it with
 * positions. A property test (test/unit/parse/lockYaml.property.test.ts) shows both agree.
 */

import { GIVE_UP, YamlCursor, type YamlMap, type YamlValue } from './lockYamlCursor';

export type { YamlMap, YamlValue } from './lockYamlCursor';

export interface YamlRead {
  root: YamlMap;
  /** Offsets of keys at depth 0 (`key`) and depth 1 (`parent\nkey`): lockfile entries' ranges. */
  keySpans: Map<string, [number, number]>;
}

/**
 * Keys whose block values nobody reads: jumped over unread at `depth` (and, with `under`, only
 * below those top-level keys). The result then lacks those keys, so the property test runs without it.
 */
export interface SkipRule {
  keys: ReadonlySet<string>;
  depth: number;
  under?: ReadonlySet<string>;
}

export function scanLockYaml(text: string, skip?: SkipRule): YamlRead | undefined {
  try {
    const cursor = new YamlCursor(text);
    const root: YamlMap = new Map();
    const keySpans = new Map<string, [number, number]>();
    cursor.next();
    readMap(cursor, root, 0, '', '', keySpans, skip);
    return { root, keySpans };
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/**
 * The block whose first line the cursor is on (`cursor.opened`), at `depth`; leaves the cursor on
 * the first line after it. Throws GIVE_UP on a duplicate key. For readers that keep a part of a
 * file they do not otherwise read (its keys must still be unique, as the library requires).
 */
export function readBlock(cursor: YamlCursor, depth: number): YamlValue {
  if (cursor.item) return readSequence(cursor, depth);
  const map: YamlMap = new Map();
  readMap(cursor, map, depth, '', '', undefined, undefined);
  return map;
}

function readSequence(cursor: YamlCursor, depth: number): YamlValue[] {
  const list: YamlValue[] = [];
  // Items never open a block (the cursor refuses `-` alone), so every line here is an item.
  while (cursor.depth === depth) {
    list.push(cursor.value as YamlValue);
    cursor.next();
  }
  return list;
}

function readMap(cursor: YamlCursor, map: YamlMap, depth: number, parentKey: string, topKey: string, keySpans: Map<string, [number, number]> | undefined, skip: SkipRule | undefined): void {
  while (cursor.depth === depth) {
    const key = cursor.key;
    if (map.has(key)) throw GIVE_UP;
    if (keySpans !== undefined) {
      if (depth === 0) keySpans.set(key, [cursor.keyStart, cursor.keyEnd]);
      else if (depth === 1) keySpans.set(`${parentKey}\n${key}`, [cursor.keyStart, cursor.keyEnd]);
    }
    const value = cursor.value;
    if (value !== undefined) {
      map.set(key, value);
      cursor.next();
      continue;
    }
    if (skip !== undefined && depth === skip.depth && skip.keys.has(key) && (skip.under === undefined || skip.under.has(topKey))) {
      cursor.skipBlock();
      cursor.next();
      continue;
    }
    cursor.next();
    if (!cursor.opened) map.set(key, '');
    else if (cursor.item) map.set(key, readSequence(cursor, depth + 1));
    else {
      const inner: YamlMap = new Map();
      map.set(key, inner);
      readMap(cursor, inner, depth + 1, key, depth === 0 ? key : topKey, keySpans, skip);
    }
  }
}
