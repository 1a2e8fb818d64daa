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
import { readBlock } from './lockYamlScanner';

/** Fields of an entry nobody reads (at depth 1, below each entry's header): jumped over unread. */
export const BERRY_UNREAD: SkipRule = { keys: new Set(['bin', 'peerDependencies', 'peerDependenciesMeta', 'conditions']), depth: 1 };

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

export function readYarnBerry(text: string): BerryFields | undefined {
  try {
    return read(new YamlCursor(text));
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

function read(c: YamlCursor): BerryFields {
  const out: BerryFields = { version: undefined, metadataStart: 0, metadataEnd: 0, entries: [] };
  const headers = new Set<string>();
  const seen: string[] = [];
  c.next();
  while (c.depth === 0) {
    const header = c.key;
    // A newline in a top-level key could make two entries' offsets share a name in the generic reading.
    if (headers.has(header) || header.includes('\n')) throw GIVE_UP;
    headers.add(header);
    const start = c.keyStart;
    const end = c.keyEnd;
    if (header === '__metadata') {
      out.metadataStart = start;
      out.metadataEnd = end;
      const metadata = valueOf(c, 0);
      out.version = metadata instanceof Map ? str(metadata.get('version')) : undefined;
      continue;
    }
    const entry: BerryEntryFields = { header, start, end, resolution: undefined, version: undefined, deps: [] };
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
    let optional: [string, string][] | undefined;
    seen.length = 0;
    while (fieldsFollow(c)) {
      const field = c.key;
      if (seen.includes(field) || seen.length > 64) throw GIVE_UP;
      seen.push(field);
      if (!c.hasValue && BERRY_UNREAD.keys.has(field)) {
        c.skipBlock();
        c.next();
        continue;
      }
      if (field === 'resolution') entry.resolution = str(valueOf(c, 1));
      else if (field === 'version') entry.version = str(valueOf(c, 1));
      else if (field === 'dependencies') dependencies(c, entry.deps);
      else if (field === 'optionalDependencies') dependencies(c, (optional = []));
      else valueOf(c, 1);
    }
    if (optional !== undefined) entry.deps.push(...optional);
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
 * A dependencies field (depth 1) into `out` as name and range pairs. Names are checked unique
 * against the ones before them (a Map per block was most of this reader's garbage).
 */
function dependencies(c: YamlCursor, out: [string, string][]): void {
  if (c.hasValue) {
    const value = valueOf(c, 1);
    if (value instanceof Map) for (const [dep, range] of value) out.push([dep, str(range) ?? '']);
    return;
  }
  c.next();
  if (!c.opened) return;
  if (c.item) {
    readBlock(c, 2);
    return;
  }
  const from = out.length;
  let unique: Set<string> | undefined;
  while (depsFollow(c)) {
    const name = c.key;
    if (unique === undefined) {
      for (let i = from; i < out.length; i++) if (out[i][0] === name) throw GIVE_UP;
      if (out.length - from >= LINEAR_NAMES) unique = new Set(out.slice(from).map(([n]) => n));
    } else if (unique.has(name)) throw GIVE_UP;
    unique?.add(name);
    const range = valueOf(c, 2);
    out.push([name, typeof range === 'string' ? range : '']);
  }
}

/** Past this many names a block's duplicate check uses a Set (an entry lists a few dependencies). */
const LINEAR_NAMES = 32;

function depsFollow(c: YamlCursor): boolean {
  return c.depth === 2;
}

function str(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
