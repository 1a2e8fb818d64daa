/**
 * bun.lock's `packages` map read straight from the text, for bunLock.ts: one row per entry with what
 * the tree needs (key and its offsets, the resolution, the integrity, the names of its
 * dependencies) as positions in the text (bunLockRows.ts), and no string built.
 *
 * Why not JSON.parse: for a 10 MB bun.lock, dropping trailing commas, `JSON.parse` (an object graph of
 * the whole file) and searching each key's offset again took most of the parse and of the garbage
 * collection after it (docs/benchmarks.md, lockfile parsers; docs/decisions.md). The other top-level
 * values (`lockfileVersion`, `workspaces`, …) are small: their text is handed to JSON.parse.
 *
 * Strict like npmLockScanner.ts: anything that is not JSON with trailing commas where it reads
 * (comments, an escape in a string it keeps, a repeated key, an entry that is not an array, a key that
 * JavaScript would order first because it is an array index) makes it give up (undefined), and
 * bunLock.ts reads the file the general way, which reports problems with ranges. Held equal to that
 * general reader by `test/unit/tree/bunLockScanner.property.test.ts`. The JSON reading itself is
 * shared with the Pipfile.lock scanner (jsonScanner.ts).
 */
import * as charCodes from '../charCodes';
import { BunRows } from './bunLockRows';
import * as jsonScanner from './jsonScanner';
import { withoutTrailingCommas } from './trailingCommas';

const { GIVE_UP, JsonScanner, isIndexKey, unlessGivenUp } = jsonScanner;
const { CLOSE_BRACE, CLOSE_BRACKET, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET } = charCodes;

export interface BunLockData {
  /** Every top-level value but `packages`, as JSON.parse reads it. */
  top: Record<string, unknown>;
  packages: BunRows;
}

/** The three edge fields, in the order bunLock.ts reads them. */
export const BUN_EDGE_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

export function scanBunLock(text: string): BunLockData | undefined {
  return unlessGivenUp(() => new Scanner(text).document());
}

class Scanner extends JsonScanner {
  private readonly rows: BunRows;

  constructor(text: string) {
    super(text, true);
    this.rows = new BunRows(text);
  }

  document(): BunLockData {
    const top: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.openDocument();
    while (this.more(CLOSE_BRACE)) {
      const key = this.key();
      if (seen.has(key) || key === '__proto__') throw GIVE_UP; // JSON.parse's last-wins across sections: the general reader
      seen.add(key);
      if (key === 'packages' && this.text.charCodeAt(this.pos) === OPEN_BRACE) this.packages();
      else {
        const start = this.pos;
        this.skipValue();
        top[key] = parseSlice(this.text.slice(start, this.pos));
      }
      this.next(CLOSE_BRACE);
    }
    this.closeDocument();
    return { top, packages: this.rows };
  }

  private packages(): void {
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const start = this.pos;
      const close = this.nameSpan();
      this.colon();
      this.rows.add(start + 1, close, start, close + 1);
      this.entry();
      this.next(CLOSE_BRACE);
    }
  }

  /**
   * At a key's opening quote: past it, and where it closes. An array-index key (Object.keys lists
   * those first) is left to the general reader; a repeated one is bunLock.ts's to notice.
   */
  private nameSpan(): number {
    const open = this.pos;
    const close = this.plainSpan();
    const c = this.text.charCodeAt(open + 1);
    if (c >= 0x30 && c <= 0x39 && isIndexKey(this.text.slice(open + 1, close))) throw GIVE_UP;
    return close;
  }

  /** `[resolution, registry, info, integrity, …]`. */
  private entry(): void {
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACKET) throw GIVE_UP; // offsets as the general reader finds them: only for arrays
    this.pos++;
    for (let index = 0; this.more(CLOSE_BRACKET); index++) {
      const open = this.pos;
      const c = this.text.charCodeAt(open);
      if (index === 0 && c === DOUBLE_QUOTE) this.rows.resolution(open + 1, this.plainSpan());
      else if (index === 2 && c === OPEN_BRACE) this.info();
      else if (index === 3 && c === DOUBLE_QUOTE) {
        const close = this.plainSpan();
        if (close > open + 1) this.rows.integrity(open + 1, close);
      } else this.skipValue();
      this.next(CLOSE_BRACKET);
    }
  }

  /**
   * The info object: the names of each edge field that holds an object, as the row's dependencies.
   * bun writes the fields in BUN_EDGE_FIELDS' order, which is the order they are read in; another
   * order, or a field written twice (JSON.parse keeps the last), is left to the general reader.
   */
  private info(): void {
    let last = -1;
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const field = this.keyAmong(BUN_EDGE_FIELDS);
      if (field < 0) this.skipValue();
      else {
        if (field <= last) throw GIVE_UP;
        last = field;
        if (this.text.charCodeAt(this.pos) === OPEN_BRACE) this.names();
        else this.skipValue();
      }
      this.next(CLOSE_BRACE);
    }
  }

  /**
   * An object's keys, as the row's dependencies (values skipped). Repeated names need no care: the
   * same name resolves to the same node, and edges are kept once.
   */
  private names(): void {
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const open = this.pos;
      const close = this.nameSpan();
      this.colon();
      this.rows.dep(open + 1, close);
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
