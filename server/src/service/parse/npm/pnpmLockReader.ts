/**
 * pnpm-lock.yaml's lines → the entries pnpmLock.ts builds the tree from (pnpmLockData.ts), with no
 * Map per entry: the fast path for the layout pnpm writes.
 *
 * Why: through the generic reading (a Map per mapping, then the tree read back from them) a 10 MB
 * lockfile took ~1 s of CPU, a third of it garbage collection; the target is 200 ms
 * (docs/benchmarks.md, issue 14 item 6). Here `packages` and `snapshots` entries become one small
 * object each and their dependencies one flat array; the rest of the file (settings, catalogs,
 * importers) is small and read as Maps.
 *
 * Same lines, same rules: the lines come from the cursor the generic reader uses
 * (lockYamlCursor.ts), duplicate keys are refused as there, and the fields the generic reading
 * jumps over (PNPM_UNREAD) are jumped over here. Anything else this reader does not take (a
 * non-empty flow mapping where entries are expected) returns undefined, and the generic path
 * reads the file. Property test: test/unit/parse/pnpmLockReader.property.test.ts.
 */
import { GIVE_UP, YamlCursor, type YamlMap, type YamlValue } from './lockYamlCursor';
import { readBlock } from './lockYamlScanner';
import { importerOf, map, PNPM_UNREAD, SECTIONS, type PnpmEntry, type PnpmImporter, type PnpmLockData } from './pnpmLockData';

export function readPnpmLock(text: string): PnpmLockData | undefined {
  try {
    return new Reader(new YamlCursor(text)).read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Shared by entries without dependencies (most v9 `packages` entries): never written to. */
const NO_DEPS: string[] = [];

/** Past this many names a block's duplicate check uses a Set (a snapshot lists ~3 dependencies). */
const LINEAR_NAMES = 32;

class Reader {
  /** Field names of the entry being read (a duplicate is an error, as in the generic reading). */
  private readonly fieldsSeen: string[] = [];

  constructor(private readonly c: YamlCursor) {}

  read(): PnpmLockData {
    const c = this.c;
    const data: PnpmLockData = { versionStart: 0, versionEnd: 0, packages: new Map(), snapshots: new Map(), importers: [], root: { folder: '', start: 0, end: 0, sections: [[], [], []] } };
    const rootSections: YamlMap = new Map();
    const seen = new Set<string>();
    c.next();
    while (c.depth === 0) {
      const key = c.key;
      // A newline in a top-level key could make two entries' offsets share a name in the generic reading.
      if (seen.has(key) || key.includes('\n')) throw GIVE_UP;
      seen.add(key);
      if (key === 'lockfileVersion') {
        data.versionStart = c.keyStart;
        data.versionEnd = c.keyEnd;
        const value = this.value(0);
        if (typeof value === 'string') data.lockfileVersion = value;
      } else if (key === 'packages' || key === 'snapshots') {
        data[key] = this.entries();
      } else if (key === 'importers') {
        this.importers(data.importers);
      } else if ((SECTIONS as readonly string[]).includes(key)) {
        rootSections.set(key, this.value(0));
      } else {
        this.value(0);
      }
    }
    data.root = importerOf('', rootSections, 0, 0);
    return data;
  }

  /** The value of the key line the cursor is on, at `depth`; leaves the cursor after it. */
  private value(depth: number): YamlValue {
    const c = this.c;
    const value = c.value;
    c.next();
    if (value !== undefined) return value;
    if (!c.opened) return '';
    return readBlock(c, depth + 1);
  }

  /**
   * Opens the block of a top-level section whose entries this reader reads one by one: true when
   * the cursor is then on its first entry. A scalar, an empty flow mapping or a sequence has no
   * entries (the generic reading's `map()` of them is empty); a flow mapping with entries is left
   * to the generic path.
   */
  private openEntries(): boolean {
    const c = this.c;
    const value = c.value;
    if (value !== undefined) {
      if (value instanceof Map && value.size > 0) throw GIVE_UP;
      c.next();
      return false;
    }
    c.next();
    if (!c.opened) return false;
    if (c.item) {
      readBlock(c, 1);
      return false;
    }
    return true;
  }

  private importers(out: PnpmImporter[]): void {
    const c = this.c;
    if (!this.openEntries()) return;
    const folders = new Set<string>();
    while (c.depth === 1) {
      const folder = c.key;
      if (folders.has(folder)) throw GIVE_UP;
      folders.add(folder);
      const start = c.keyStart;
      const end = c.keyEnd;
      out.push(importerOf(folder, map(this.value(1)), start, end));
    }
  }

  private entries(): Map<string, PnpmEntry> {
    const c = this.c;
    const out = new Map<string, PnpmEntry>();
    if (!this.openEntries()) return out;
    while (c.depth === 1) {
      const key = c.key;
      if (out.has(key)) throw GIVE_UP;
      const entry: PnpmEntry = { start: c.keyStart, end: c.keyEnd, deps: NO_DEPS };
      out.set(key, entry);
      const value = c.value;
      if (value !== undefined) {
        // `name@1.0.0: {}` (a snapshot without dependencies); anything else inline is left to the generic path.
        if (value instanceof Map && value.size > 0) throw GIVE_UP;
        c.next();
        continue;
      }
      c.next();
      if (!c.opened) continue;
      if (c.item) readBlock(c, 2);
      else this.fields(entry);
    }
    return out;
  }

  /** An entry's fields (depth 2). */
  private fields(entry: PnpmEntry): void {
    const c = this.c;
    const seen = this.fieldsSeen;
    seen.length = 0;
    let optional: string[] = NO_DEPS;
    while (c.depth === 2) {
      const field = c.key;
      if (seen.includes(field) || seen.length > 64) throw GIVE_UP;
      seen.push(field);
      if (c.value === undefined && PNPM_UNREAD.keys.has(field)) {
        c.skipBlock();
        c.next();
        continue;
      }
      switch (field) {
        case 'dependencies':
          entry.deps = this.dependencies();
          break;
        case 'optionalDependencies':
          optional = this.dependencies();
          break;
        case 'resolution': {
          const resolution = this.value(2);
          if (resolution instanceof Map) {
            const type = resolution.get('type');
            const integrity = resolution.get('integrity');
            const tarball = resolution.get('tarball');
            if (typeof type === 'string') entry.type = type;
            if (typeof integrity === 'string') entry.integrity = integrity;
            if (typeof tarball === 'string') entry.tarball = tarball;
          }
          break;
        }
        case 'name':
        case 'version':
        case 'dev': {
          const value = this.value(2);
          if (typeof value === 'string') entry[field] = value;
          break;
        }
        default:
          this.value(2);
      }
    }
    if (optional.length > 0) entry.deps = entry.deps.length > 0 ? entry.deps.concat(optional) : optional;
  }

  /** A `dependencies` field (depth 2) → name, reference, name, reference… (a reference that is not a scalar is ''). */
  private dependencies(): string[] {
    const c = this.c;
    const value = c.value;
    if (value !== undefined) {
      c.next();
      if (!(value instanceof Map) || value.size === 0) return NO_DEPS;
      const out: string[] = [];
      for (const [name, ref] of value) out.push(name, typeof ref === 'string' ? ref : '');
      return out;
    }
    c.next();
    if (!c.opened) return NO_DEPS;
    if (c.item) {
      readBlock(c, 3);
      return NO_DEPS;
    }
    const out: string[] = [];
    let names: Set<string> | undefined;
    while (c.depth === 3) {
      const name = c.key;
      if (names !== undefined) {
        if (names.has(name)) throw GIVE_UP;
        names.add(name);
      } else {
        for (let i = 0; i < out.length; i += 2) if (out[i] === name) throw GIVE_UP;
        if (out.length >= 2 * LINEAR_NAMES) names = new Set(out.filter((_, i) => i % 2 === 0).concat(name));
      }
      let ref = c.value;
      c.next();
      if (ref === undefined) ref = c.opened ? readBlock(c, 4) : '';
      out.push(name, typeof ref === 'string' ? ref : '');
    }
    return out;
  }
}
