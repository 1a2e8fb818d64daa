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
import { BlockKeys, DepList } from './lockYamlKeys';
import { readBlock } from './lockYamlScanner';
import { importerOf, map, PnpmEntries, PNPM_UNREAD, SECTIONS, str, type PnpmImporter, type PnpmLockData } from './pnpmLockData';

export function readPnpmLock(text: string): PnpmLockData | undefined {
  try {
    return new Reader(new YamlCursor(text), text).read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class Reader {
  /** Field names of the entry being read (a duplicate is an error, as in the generic reading). */
  private readonly fieldKeys: BlockKeys;
  /** Names of the dependencies block being read, for the same check. */
  private readonly depKeys: BlockKeys;

  constructor(
    private readonly c: YamlCursor,
    private readonly text: string,
  ) {
    this.fieldKeys = new BlockKeys(text);
    this.depKeys = new BlockKeys(text);
  }

  read(): PnpmLockData {
    const c = this.c;
    const deps = new DepList(this.text);
    const data: PnpmLockData = { versionStart: 0, versionEnd: 0, packages: new PnpmEntries(this.text), snapshots: new PnpmEntries(this.text), deps, importers: [], root: { folder: '', start: 0, end: 0, sections: [[], [], []] } };
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
        this.entries(data[key], deps);
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

  private entries(out: PnpmEntries, deps: DepList): void {
    const c = this.c;
    if (!this.openEntries()) return;
    while (c.depth === 1) {
      const entry = out.add(c.keyStart, c.keyEnd, c.keyTextStart, c.keyTextEnd, c.keyTextStart >= 0 ? undefined : c.key);
      if (entry < 0) throw GIVE_UP;
      if (c.hasValue) {
        // `name@1.0.0: {}` (a snapshot without dependencies); anything else inline is left to the generic path.
        const value = c.value;
        if (value instanceof Map && value.size > 0) throw GIVE_UP;
        c.next();
        continue;
      }
      c.next();
      if (!c.opened) continue;
      if (c.item) readBlock(c, 2);
      else this.fields(out, entry, deps);
    }
  }

  /** Entry i's fields (depth 2); field names are compared with the text, no string each. */
  private fields(out: PnpmEntries, i: number, deps: DepList): void {
    const c = this.c;
    const seen = this.fieldKeys;
    seen.clear();
    while (c.depth === 2) {
      if (!seen.add(c) || seen.size > 65) throw GIVE_UP;
      const optional = c.keyIs('optionalDependencies');
      if (optional || c.keyIs('dependencies')) {
        const from = deps.size;
        this.dependencies(deps);
        out.setDeps(i, optional, from, deps.size);
      } else if (c.keyIs('resolution')) {
        // `{integrity: sha512-…}` (nearly every entry): the integrity is taken where the line's check
        // found it, with no Map and no second scan (docs/benchmarks.md, "Findings: pnpm-lock.yaml, third pass").
        if (c.flowPairIs('integrity')) {
          out.setField(i, 'integrity', this.text.slice(c.flowValueStart, c.flowValueEnd));
          c.next();
        } else out.setResolution(i, map(this.value(2)));
      }
      else if (c.keyIs('name')) out.setField(i, 'name', str(this.value(2)));
      else if (c.keyIs('version')) out.setField(i, 'version', str(this.value(2)));
      else if (c.keyIs('dev')) out.setField(i, 'dev', str(this.value(2)));
      else if (c.hasValue) c.next(); // a field nobody reads, on one line (its value was checked as the line was read)
      else if (PNPM_UNREAD.keys.has(c.key)) {
        c.skipBlock();
        c.next();
      } else this.value(2);
    }
  }

  /**
   * A `dependencies` field (depth 2) into `deps` as name and reference pairs (a reference that is
   * not a scalar is ''), as offsets where the text holds them as they are.
   */
  private dependencies(deps: DepList): void {
    const c = this.c;
    if (c.hasValue) {
      const value = c.value;
      c.next();
      if (value instanceof Map) for (const [name, ref] of value) deps.addStrings(name, str(ref) ?? '');
      return;
    }
    c.next();
    if (!c.opened) return;
    if (c.item) {
      readBlock(c, 3);
      return;
    }
    const names = this.depKeys;
    names.clear();
    while (c.depth === 3) {
      if (!names.add(c)) throw GIVE_UP;
      if (c.keyTextStart >= 0 && c.hasValue && c.valueStart >= 0) {
        deps.addSpans(c.keyTextStart, c.keyTextEnd, c.valueStart, c.valueEnd);
        c.next();
        continue;
      }
      // A flow collection, a block or nothing: not a reference ('').
      const name = c.key;
      let ref = c.value;
      c.next();
      if (ref === undefined) ref = c.opened ? readBlock(c, 4) : '';
      deps.addStrings(name, typeof ref === 'string' ? ref : '');
    }
  }
}
