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
 * general reader by `test/unit/tree/bunLockScanner.property.test.ts`.
 */
import * as charCodes from '../charCodes';
import * as jsonText from './jsonText';
import { withoutTrailingCommas } from './trailingCommas';

const { afterJsonSpace, closingQuote } = jsonText;
const { BYTE_ORDER_MARK, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET, SPACE } = charCodes;

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

class GiveUp extends Error {}
const GIVE_UP = new GiveUp('not plain bun.lock');

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function scanBunLock(text: string): BunLockData | undefined {
  try {
    return new Scanner(text).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

class Scanner {
  private pos = 0;
  private readonly hasBackslash: boolean;
  /** A raw control character other than a line feed somewhere: then every string is checked for them, character by character. */
  private readonly hasControls: boolean;
  /** The next line feed at or after `pos` (a string must end before it: JSON.parse refuses raw line feeds in strings). */
  private lineEnd = -1;

  constructor(private readonly text: string) {
    this.hasBackslash = text.indexOf('\\') >= 0;
    this.hasControls = CONTROL.test(text);
  }

  document(): BunLockData {
    const top: Record<string, unknown> = {};
    const seen = new Set<string>();
    let packages: BunPackageRow[] = [];
    if (this.text.charCodeAt(0) === BYTE_ORDER_MARK) this.pos = 1;
    this.space();
    this.expect(OPEN_BRACE);
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
    this.space();
    if (this.pos !== this.text.length) throw GIVE_UP;
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
      const key = this.key();
      const field = key === 'dependencies' ? 0 : key === 'optionalDependencies' ? 1 : key === 'peerDependencies' ? 2 : -1;
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

  /** Before a member: false (and past it) at the closing character, true when a member follows. */
  private more(close: number): boolean {
    this.space();
    if (this.text.charCodeAt(this.pos) !== close) return true;
    this.pos++;
    return false;
  }

  /** After a member: past its comma (a trailing one is allowed), or at the closing character. */
  private next(close: number): void {
    this.space();
    const c = this.text.charCodeAt(this.pos);
    if (c === COMMA) this.pos++;
    else if (c !== close) throw GIVE_UP;
  }

  private key(): string {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const key = this.string();
    this.colon();
    return key;
  }

  /** A key whose raw text is its value (a key written with escapes would be found elsewhere by the general reader). */
  private plainKey(): string {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const close = this.closingQuote(this.pos + 1);
    const key = this.text.slice(this.pos + 1, close);
    if (this.hasBackslash && key.indexOf('\\') >= 0) throw GIVE_UP;
    this.plainString(this.pos, close, key);
    this.pos = close + 1;
    return key;
  }

  private colon(): void {
    this.space();
    this.expect(COLON);
    this.space();
  }

  private expect(c: number): void {
    if (this.text.charCodeAt(this.pos) !== c) throw GIVE_UP;
    this.pos++;
  }

  /** Skips one value, checking it is JSON with trailing commas. */
  private skipValue(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === DOUBLE_QUOTE) this.string();
    else if (c === OPEN_BRACE) {
      this.pos++;
      while (this.more(CLOSE_BRACE)) {
        this.key();
        this.skipValue();
        this.next(CLOSE_BRACE);
      }
    } else if (c === OPEN_BRACKET) {
      this.pos++;
      while (this.more(CLOSE_BRACKET)) {
        this.skipValue();
        this.next(CLOSE_BRACKET);
      }
    } else if (this.text.startsWith('true', this.pos)) this.pos += 4;
    else if (this.text.startsWith('false', this.pos)) this.pos += 5;
    else if (this.text.startsWith('null', this.pos)) this.pos += 4;
    else {
      NUMBER.lastIndex = this.pos;
      if (!NUMBER.test(this.text)) throw GIVE_UP;
      this.pos = NUMBER.lastIndex;
    }
  }

  /** Reads and decodes a string at its opening quote. */
  private string(): string {
    const start = this.pos;
    const close = this.closingQuote(start + 1);
    this.pos = close + 1;
    const raw = this.text.slice(start + 1, close);
    this.plainString(start, close, raw);
    if (!this.hasBackslash || raw.indexOf('\\') < 0) return raw;
    try {
      return JSON.parse(this.text.slice(start, close + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** Gives up on a raw control character inside the string from `open` to `close` (JSON.parse refuses them). */
  private plainString(open: number, close: number, raw: string): void {
    if (this.lineEnd < open) {
      this.lineEnd = this.text.indexOf('\n', open);
      if (this.lineEnd < 0) this.lineEnd = this.text.length;
    }
    if (close > this.lineEnd) throw GIVE_UP;
    if (this.hasControls && hasControl(raw)) throw GIVE_UP;
  }

  /** The first unescaped quote at or after `from`. */
  private closingQuote(from: number): number {
    const quote = closingQuote(this.text, from, this.hasBackslash);
    if (quote < 0) throw GIVE_UP;
    return quote;
  }


  private space(): void {
    this.pos = afterJsonSpace(this.text, this.pos);
  }

}

const CONTROL = /[\x00-\x09\x0b-\x1f]/;

/** A raw control character makes JSON.parse fail: the general reader then decides. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < SPACE) return true;
  return false;
}

function parseSlice(text: string): unknown {
  try {
    return JSON.parse(withoutTrailingCommas(text)) as unknown;
  } catch {
    throw GIVE_UP;
  }
}

/** An array index as Object.keys orders it (before every other key, ascending). */
function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}
