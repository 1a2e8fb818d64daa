/**
 * The strict JSON reading that the targeted lockfile scanners share (bunLockScanner.ts for bun.lock,
 * python/pipfileLockScanner.ts for Pipfile.lock): members and commas, keys, strings decoded as
 * JSON.parse decodes them, and values skipped while checking they are JSON. A subclass reads the
 * few values its lockfile needs and skips the rest; anything it does not expect makes it give up
 * (`GIVE_UP`), and its caller reads the file the general way (JSON.parse), which reports problems.
 *
 * Why scanners at all: for a 10 MB lockfile, JSON.parse builds an object graph of the whole file,
 * and building it and collecting it afterwards was most of each parse (docs/benchmarks.md, lockfile
 * parsers; docs/decisions.md, "bun.lock: a targeted scanner" and "Pipfile.lock: a targeted scanner").
 */
import * as charCodes from '../charCodes';
import * as jsonText from './jsonText';

const { GIVE_UP, JsonObjectCursor } = jsonText;
const { BYTE_ORDER_MARK, CLOSE_BRACE, CLOSE_BRACKET, COMMA, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET, SPACE } = charCodes;

/** The package-lock scanners' signal (jsonText.ts), so one `unlessGivenUp` serves every JSON scanner. */
export { GIVE_UP } from './jsonText';

/** `scan()`'s result, or undefined when it gave up. */
export function unlessGivenUp<T>(scan: () => T): T | undefined {
  try {
    return scan();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Raw control characters (JSON.parse refuses them in strings; a line feed is checked apart) and
 * UTF-16 surrogates (JSON.stringify escapes a lone one, so such a key is not found by JsonKeyFinder,
 * which the general readers use). One search per text; only when it finds one are strings checked.
 */
const UNUSUAL = /[\x00-\x09\x0b-\x1f\ud800-\udfff]/;

/**
 * The package-lock scanners' cursor (jsonText.ts: position, keys, colons, strings' ends, space) with
 * what these scanners add: members closed by `more`/`next` (trailing commas where allowed), values
 * skipped and checked, strings checked as JSON.parse checks them.
 */
export class JsonScanner extends JsonObjectCursor {
  private readonly hasUnusual: boolean;
  /** The next line feed at or after `pos` (a string must end before it: JSON.parse refuses raw line feeds in strings). */
  private lineEnd = -1;
  /** The next backslash at or after `pos` (the text's length when none). */
  private nextBackslash = -1;

  constructor(
    text: string,
    /** bun.lock allows a comma before a closing bracket; plain JSON (Pipfile.lock) does not. */
    private readonly trailingCommas: boolean,
  ) {
    super(text);
    this.hasUnusual = UNUSUAL.test(text);
  }

  /** Past a byte order mark, space and the top-level object's `{`. */
  protected openDocument(): void {
    if (this.text.charCodeAt(0) === BYTE_ORDER_MARK) this.pos = 1;
    this.space();
    this.expect(OPEN_BRACE);
  }

  /** Only space may follow the top-level value. */
  protected closeDocument(): void {
    this.space();
    if (this.pos !== this.text.length) throw GIVE_UP;
  }

  /** Before a member: false (and past it) at the closing character, true when a member follows. */
  protected more(close: number): boolean {
    this.space();
    if (this.text.charCodeAt(this.pos) !== close) return true;
    this.pos++;
    return false;
  }

  /** After a member: past its comma (a trailing one only when allowed), or at the closing character. */
  protected next(close: number): void {
    this.space();
    const c = this.text.charCodeAt(this.pos);
    if (c === COMMA) {
      this.pos++;
      if (this.trailingCommas) return;
      this.space();
      if (this.text.charCodeAt(this.pos) === close) throw GIVE_UP;
    } else if (c !== close) throw GIVE_UP;
  }

  /**
   * A key whose raw text is its value and what JSON.stringify writes for it (a key written with
   * escapes, or one JSON.stringify would escape, would be found elsewhere by the general reader).
   * Not past its colon: the caller records where it ends first.
   */
  protected plainKey(): string {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const close = this.closingQuote(this.pos + 1);
    const key = this.text.slice(this.pos + 1, close);
    if (this.escaped(this.pos, close)) throw GIVE_UP;
    this.plainString(this.pos, close, key);
    if (this.hasUnusual && JSON.stringify(key) !== `"${key}"`) throw GIVE_UP;
    this.pos = close + 1;
    return key;
  }

  /**
   * At a string's opening quote: past it (checked as JSON.parse checks it), and where it closes.
   * Gives up on a string with an escape, so that its raw text `text[open + 1, close)` is its value:
   * a scanner can keep that position instead of a string.
   */
  protected plainSpan(): number {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const open = this.pos;
    const close = this.closingQuote(open + 1);
    if (this.escaped(open, close)) throw GIVE_UP;
    this.plainString(open, close, undefined);
    this.pos = close + 1;
    return close;
  }

  /**
   * Which of `names` the key at `pos` is (-1: another), and past its colon; builds no string when
   * the key has no escape (an entry's field names are read once per entry).
   */
  protected keyAmong(names: readonly string[]): number {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const open = this.pos;
    const close = this.closingQuote(open + 1);
    let found = -1;
    if (this.escaped(open, close)) found = names.indexOf(this.string());
    else {
      this.plainString(open, close, undefined);
      for (let i = 0; i < names.length; i++) {
        if (names[i].length === close - open - 1 && this.text.startsWith(names[i], open + 1)) found = i;
      }
      this.pos = close + 1;
    }
    this.colon();
    return found;
  }

  protected expect(c: number): void {
    if (this.text.charCodeAt(this.pos) !== c) throw GIVE_UP;
    this.pos++;
  }

  /** Skips one value, checking it is JSON (with trailing commas when allowed). */
  protected skipValue(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === DOUBLE_QUOTE) this.skipString();
    else if (c === OPEN_BRACE) {
      this.pos++;
      while (this.more(CLOSE_BRACE)) {
        if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
        this.skipString();
        this.colon();
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
  protected string(): string {
    const start = this.pos;
    const close = this.closingQuote(start + 1);
    this.pos = close + 1;
    const raw = this.text.slice(start + 1, close);
    this.plainString(start, close, raw);
    return this.escaped(start, close) ? this.decoded(start, close) : raw;
  }

  /** Skips a string at its opening quote, checking it as JSON.parse would; builds nothing when it holds no escape. */
  private skipString(): void {
    const start = this.pos;
    const close = this.closingQuote(start + 1);
    this.pos = close + 1;
    this.plainString(start, close, undefined);
    if (this.escaped(start, close)) this.decoded(start, close);
  }

  /** Whether the string from quote `open` to quote `close` holds a backslash (positions only move forward). */
  private escaped(open: number, close: number): boolean {
    if (!this.hasBackslash) return false;
    if (this.nextBackslash < open) {
      this.nextBackslash = this.text.indexOf('\\', open);
      if (this.nextBackslash < 0) this.nextBackslash = this.text.length;
    }
    return this.nextBackslash < close;
  }

  private decoded(start: number, close: number): string {
    try {
      return JSON.parse(this.text.slice(start, close + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /**
   * Gives up on a string from `open` to `close` that crosses a line feed or holds a raw control
   * character (JSON.parse refuses both). `raw`: its text, when already sliced.
   */
  private plainString(open: number, close: number, raw: string | undefined): void {
    if (this.lineEnd < open) {
      this.lineEnd = this.text.indexOf('\n', open);
      if (this.lineEnd < 0) this.lineEnd = this.text.length;
    }
    if (close > this.lineEnd) throw GIVE_UP;
    if (this.hasUnusual && hasControl(raw ?? this.text.slice(open + 1, close))) throw GIVE_UP;
  }
}

/** A raw control character makes JSON.parse fail: the general reader then decides. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) < SPACE) return true;
  return false;
}

/** An array index as Object.keys orders it (before every other key, ascending). */
export function isIndexKey(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}
