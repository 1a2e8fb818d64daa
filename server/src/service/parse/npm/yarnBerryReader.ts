/**
 * yarn Berry's yarn.lock lines → the few fields yarnLock.ts builds the tree from, with no Map per
 * entry: the fast path for the layout yarn writes (the generic YAML reading, a Map per entry read
 * back by the tree builder, took ~1 s of CPU for 10 MB; docs/benchmarks.md, issue 14 item 6).
 *
 * Same lines, same rules as the generic reading: the lines come from its cursor
 * (lockYamlCursor.ts), duplicate keys are refused, and the entry fields it jumps over
 * (BERRY_UNREAD) are jumped over here. What this reader does not take (an entry written as a flow
 * mapping) returns undefined, and the generic path reads the file. `fromYaml` gives the same fields
 * from the generic reading. Property test: test/unit/parse/yarnBerryReader.property.test.ts.
 */
import type { SkipRule, YamlRead, YamlValue } from './lockYaml';
import { GIVE_UP, YamlCursor } from './lockYamlCursor';
import { BlockKeys, DepList, KeyTable } from './lockYamlKeys';
import { readBlock } from './lockYamlScanner';

/** Fields of an entry nobody reads (at depth 1, below each entry's header): jumped over unread. */
export const BERRY_UNREAD: SkipRule = { keys: new Set(['bin', 'peerDependencies', 'peerDependenciesMeta', 'conditions']), depth: 1 };

/** One entry as the generic reading gives it (the reference path, yarnLock.ts `assemble`). */
export interface BerryEntryFields {
  /** The entry's key: its descriptors, comma-separated. */
  header: string;
  start: number;
  end: number;
  resolution: string | undefined;
  version: string | undefined;
  /** `dependencies` then `optionalDependencies`, as name and range (a range that is not a scalar is ''). */
  deps: [string, string][];
}

export interface BerryFields {
  /** `__metadata.version`. */
  version: string | undefined;
  /** Offsets of the `__metadata` key. */
  metadataStart: number;
  metadataEnd: number;
  entries: BerryEntryFields[];
}

/**
 * One entry as this reader gives it: no string for its key or its dependencies where the text
 * holds them as they are (yarnBerryTree.ts builds the tree from these).
 */
export interface BerryEntry {
  /** The entry's key (its descriptors, comma-separated) as a span of the text, or -1 and `header`. */
  keyStart: number;
  keyEnd: number;
  header: string | undefined;
  /** Offsets of the key's own text (quotes included), the entry's range. */
  start: number;
  end: number;
  resolution: string | undefined;
  version: string | undefined;
  /** `dependencies` and `optionalDependencies`: pairs [from, to) of `deps`. */
  depsFrom: number;
  depsTo: number;
  optionalFrom: number;
  optionalTo: number;
}

export interface BerryLayout {
  version: string | undefined;
  metadataStart: number;
  metadataEnd: number;
  entries: BerryEntry[];
  deps: DepList;
}

export function readYarnBerry(text: string): BerryLayout | undefined {
  try {
    return read(new YamlCursor(text), text);
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** The same fields from the generic YAML reading (any file the YAML library reads). */
export function fromYaml({ root, keySpans }: YamlRead): BerryFields {
  const metadata = root.get('__metadata');
  const [metadataStart, metadataEnd] = keySpans.get('__metadata') ?? [0, 0];
  const entries: BerryEntryFields[] = [];
  for (const [header, raw] of root) {
    if (header === '__metadata') continue;
    const entry = raw instanceof Map ? raw : undefined;
    const [start, end] = keySpans.get(header) ?? [0, 0];
    const deps: [string, string][] = [];
    for (const field of ['dependencies', 'optionalDependencies']) {
      const list = entry?.get(field);
      if (list instanceof Map) for (const [dep, range] of list) deps.push([dep, str(range) ?? '']);
    }
    entries.push({ header, start, end, resolution: str(entry?.get('resolution')), version: str(entry?.get('version')), deps });
  }
  return { version: metadata instanceof Map ? str(metadata.get('version')) : undefined, metadataStart, metadataEnd, entries };
}

function read(c: YamlCursor, text: string): BerryLayout {
  const deps = new DepList(text);
  const out: BerryLayout = { version: undefined, metadataStart: 0, metadataEnd: 0, entries: [], deps };
  const headers = new KeyTable(text);
  const fields = new BlockKeys(text);
  const names = new BlockKeys(text);
  c.next();
  while (c.depth === 0) {
    const keyStart = c.keyTextStart;
    const keyEnd = c.keyTextEnd;
    // A newline in a top-level key could make two entries' offsets share a name in the generic reading.
    const header = keyStart < 0 ? c.key : undefined;
    if (header !== undefined && header.includes('\n')) throw GIVE_UP;
    if ((header === undefined ? headers.addSpan(keyStart, keyEnd) : headers.addString(header)) < 0) throw GIVE_UP;
    const start = c.keyStart;
    const end = c.keyEnd;
    if (c.keyIs('__metadata')) {
      out.metadataStart = start;
      out.metadataEnd = end;
      const metadata = valueOf(c, 0);
      out.version = metadata instanceof Map ? str(metadata.get('version')) : undefined;
      continue;
    }
    const entry: BerryEntry = { keyStart, keyEnd, header, start, end, resolution: undefined, version: undefined, depsFrom: 0, depsTo: 0, optionalFrom: 0, optionalTo: 0 };
    out.entries.push(entry);
    if (c.hasValue) {
      // `header: {}` or a scalar: an entry without fields; a flow mapping with fields is left to the generic path.
      const value = c.value;
      if (value instanceof Map && value.size > 0) throw GIVE_UP;
      c.next();
      continue;
    }
    c.next();
    if (!c.opened) continue;
    if (c.item) {
      readBlock(c, 1);
      continue;
    }
    fields.clear();
    while (fieldsFollow(c)) {
      if (!fields.add(c) || fields.size > 65) throw GIVE_UP;
      if (c.keyIs('resolution')) entry.resolution = str(valueOf(c, 1));
      else if (c.keyIs('version')) entry.version = str(valueOf(c, 1));
      else if (c.keyIs('dependencies')) {
        entry.depsFrom = deps.size;
        dependencies(c, deps, names);
        entry.depsTo = deps.size;
      } else if (c.keyIs('optionalDependencies')) {
        entry.optionalFrom = deps.size;
        dependencies(c, deps, names);
        entry.optionalTo = deps.size;
      } else if (c.hasValue) c.next(); // a field nobody reads, on one line (checked as the line was read)
      else if (BERRY_UNREAD.keys.has(c.key)) {
        c.skipBlock();
        c.next();
      } else valueOf(c, 1);
    }
  }
  return out;
}

/** The cursor is on a field of the entry (depth 1); a function, so the compiler does not narrow `depth` to the loop's 0. */
function fieldsFollow(c: YamlCursor): boolean {
  return c.depth === 1;
}

/** The value of the key line the cursor is on, at `depth`; leaves the cursor after it. */
function valueOf(c: YamlCursor, depth: number): YamlValue {
  const value = c.value;
  c.next();
  if (value !== undefined) return value;
  if (!c.opened) return '';
  return readBlock(c, depth + 1);
}

/**
 * A dependencies field (depth 1) into `out` as name and range pairs, as spans of the text where it
 * holds them as they are. Names are checked unique in their block.
 */
function dependencies(c: YamlCursor, out: DepList, names: BlockKeys): void {
  if (c.hasValue) {
    const value = valueOf(c, 1);
    if (value instanceof Map) for (const [dep, range] of value) out.addStrings(dep, str(range) ?? '');
    return;
  }
  c.next();
  if (!c.opened) return;
  if (c.item) {
    readBlock(c, 2);
    return;
  }
  names.clear();
  while (depsFollow(c)) {
    if (!names.add(c)) throw GIVE_UP;
    if (c.keyTextStart >= 0 && c.hasValue && c.valueStart >= 0) {
      out.addSpans(c.keyTextStart, c.keyTextEnd, c.valueStart, c.valueEnd);
      c.next();
      continue;
    }
    const name = c.key;
    const range = valueOf(c, 2);
    out.addStrings(name, typeof range === 'string' ? range : '');
  }
}

function depsFollow(c: YamlCursor): boolean {
  return c.depth === 2;
}

function str(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
