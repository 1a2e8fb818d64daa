/**
 * bun.lock's `packages` map read straight from the text, for bunLock.ts: one row per entry with what
 * the tree needs (key and its offsets, the resolution, the integrity, the names of its
 * dependencies), and nothing else built.
 *
 * Why not JSON.parse: for a 10 MB bun.lock, dropping trailing commas, `JSON.parse` (an object graph of
 * the whole file) and searching each key's offset again took most of the parse and of the garbage
 * collection after it (docs/benchmarks.md, lockfile parsers; docs/decisions.md). The other top-level
 * values (`lockfileVersion`, `workspaces`, …) are small: their text is handed to JSON.parse.
 *
 * Strict like npmLockScanner.ts: anything that is not JSON with trailing commas where it reads
 * (comments, a key written with escapes, a repeated key, an entry that is not an array, a key that
 * JavaScript would order first because it is an array index) makes it give up (undefined), and
 * bunLock.ts reads the file the general way, which reports problems with ranges. Held equal to that
 * general reader by `test/unit/tree/bunLockScanner.property.test.ts`. The JSON reading itself is
 * shared with the Pipfile.lock scanner (jsonScanner.ts).
 */
import * as charCodes from '../charCodes';
import * as jsonScanner from './jsonScanner';
import { withoutTrailingCommas } from './trailingCommas';

const { GIVE_UP, JsonScanner, isIndexKey, unlessGivenUp } = jsonScanner;
const { CLOSE_BRACE, CLOSE_BRACKET, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET } = charCodes;

/** One `packages` entry, as bunLock.ts builds the tree from it (either reader). */
export interface BunPackageRow {
  key: string;
  /** Offsets of the key with its quotes. */
  start: number;
  end: number;
  /** The entry's first element (`name@version`, `name@workspace:…`), undefined when the entry is not an array starting with a string. */
  resolution: string | undefined;
  /** The fourth element when it is a non-empty string. */
  integrity: string | undefined;
  /** Names in `dependencies`, `optionalDependencies`, `peerDependencies` of the third element, in that order. */
  deps: string[];
}

export interface BunLockData {
  /** Every top-level value but `packages`, as JSON.parse reads it. */
  top: Record<string, unknown>;
  packages: BunPackageRow[];
}

/** The three edge fields, in the order bunLock.ts reads them. */
export const BUN_EDGE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

export function scanBunLock(text: string): BunLockData | undefined {
  return unlessGivenUp(() => new Scanner(text).document());
}

class Scanner extends JsonScanner {
  constructor(text: string) {
    super(text, true);
  }

  document(): BunLockData {
    const top: Record<string, unknown> = {};
    const seen = new Set<string>();
    let packages: BunPackageRow[] = [];
    this.openDocument();
    while (this.more(CLOSE_BRACE)) {
      const key = this.key();
      if (seen.has(key) || key === '__proto__') throw GIVE_UP; // JSON.parse's last-wins across sections: the general reader
      seen.add(key);
      if (key === 'packages' && this.text.charCodeAt(this.pos) === OPEN_BRACE) packages = this.packages();
      else {
        const start = this.pos;
        this.skipValue();
        top[key] = parseSlice(this.text.slice(start, this.pos));
      }
      this.next(CLOSE_BRACE);
    }
    this.closeDocument();
    return { top, packages };
  }

  private packages(): BunPackageRow[] {
    const rows: BunPackageRow[] = [];
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const start = this.pos;
      const key = this.plainKey();
      const end = this.pos;
      // An array-index key is listed first by Object.keys (a repeated key is bunLock.ts's to notice).
      if (isIndexKey(key)) throw GIVE_UP;
      this.colon();
      rows.push(this.entry(key, start, end));
      this.next(CLOSE_BRACE);
    }
    return rows;
  }

  /** `[resolution, registry, info, integrity, …]`. */
  private entry(key: string, start: number, end: number): BunPackageRow {
    const row: BunPackageRow = { key, start, end, resolution: undefined, integrity: undefined, deps: [] };
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACKET) throw GIVE_UP; // offsets as the general reader finds them: only for arrays
    this.pos++;
    for (let index = 0; this.more(CLOSE_BRACKET); index++) {
      const c = this.text.charCodeAt(this.pos);
      if (index === 0 && c === DOUBLE_QUOTE) row.resolution = this.string();
      else if (index === 2 && c === OPEN_BRACE) this.info(row.deps);
      else if (index === 3 && c === DOUBLE_QUOTE) {
        const integrity = this.string();
        if (integrity !== '') row.integrity = integrity;
      } else this.skipValue();
      this.next(CLOSE_BRACKET);
    }
    return row;
  }

  /**
   * The info object: the names of each edge field that holds an object, into `deps`. bun writes the
   * fields in BUN_EDGE_FIELDS' order, which is the order they are read in; another order, or a field
   * written twice (JSON.parse keeps the last), is left to the general reader.
   */
  private info(deps: string[]): void {
    let last = -1;
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const field = this.keyAmong(BUN_EDGE_FIELDS);
      if (field < 0) this.skipValue();
      else {
        if (field <= last) throw GIVE_UP;
        last = field;
        if (this.text.charCodeAt(this.pos) === OPEN_BRACE) this.names(deps);
        else this.skipValue();
      }
      this.next(CLOSE_BRACE);
    }
  }

  /**
   * An object's keys, into `names` (values skipped). Repeated names need no care: the same name
   * resolves to the same node, and edges are kept once. An array-index name (Object.keys lists those
   * first) is left to the general reader.
   */
  private names(names: string[]): void {
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const name = this.key();
      if (isIndexKey(name)) throw GIVE_UP;
      names.push(name);
      this.skipValue();
      this.next(CLOSE_BRACE);
    }
  }
}

function parseSlice(text: string): unknown {
  try {
    return JSON.parse(withoutTrailingCommas(text)) as unknown;
  } catch {
    throw GIVE_UP;
  }
}
