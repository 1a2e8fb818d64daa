/**
 * A targeted reader for the TOML that uv, Poetry and PEP 751 tools write (docs/decisions.md, "Python
 * lockfiles: a TOML scanner for their subset"). It returns the same plain values smol-toml returns,
 * but only along the keys a `KeepSchema` names: everything else (URLs, sizes, upload times,
 * markers, descriptions: most of a lockfile's bytes) is checked and skipped without building a value.
 *
 * The subset: `[table]` and `[[array.of.tables]]` headers of bare keys, `key = value` lines with a
 * bare or quoted (escape-free) key, basic and literal one-line strings, decimal integers, booleans,
 * offset date-times (skipped ones only), arrays and inline tables, comments, `\n` line ends.
 * Anything else, and anything smol-toml would refuse (a repeated key, a redefined table, a control
 * character in a string, a bad escape or date), makes it give up and return undefined: the caller then
 * parses with smol-toml, which reads all of TOML or reports the error. So an answer from here is
 * always smol-toml's answer restricted to the schema's keys; `test/unit/parse/lockTomlScanner.property.test.ts`
 * holds it to that on generated and mutated lockfiles.
 */
import * as charCodes from '../charCodes';

const { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, DASH, DOUBLE_QUOTE, HASH, NEWLINE, OPEN_BRACE, OPEN_BRACKET, SINGLE_QUOTE, SPACE, TAB } = charCodes;
const EQUALS = 0x3d;
const DOT = 0x2e;

/** `true`: keep the whole value. A table: keep only these keys (`'*'`: any other key), each with its own schema. */
export type KeepSchema = true | { readonly [key: string]: KeepSchema };

type Table = Record<string, unknown>;

/** Thrown to abandon the fast path; one preallocated instance, so giving up costs no stack capture. */
class GiveUp extends Error {}
const GIVE_UP = new GiveUp('outside the lockfile TOML subset');

/** Deeper nesting than lockfiles use is left to smol-toml (which also caps it), never to our stack. */
const MAX_DEPTH = 64;

// Runs of characters a string may hold without ending or escaping (control characters end them too).
const BASIC_RUN = /[^"\\\x00-\x08\x0a-\x1f\x7f]*/y;
const LITERAL_RUN = /[^'\x00-\x08\x0a-\x1f\x7f]*/y;
const COMMENT_RUN = /[^\x00-\x08\x0a-\x1f\x7f]*/y;
const INTEGER = /-?(?:0|[1-9]\d{0,14})/y;

/**
 * A schema as the scanner walks it: the kept keys' names (constant strings, used as the output's
 * property names, so kept keys are compared in place and never sliced) and their schemas.
 */
class Keep {
  readonly names: string[] = [];
  readonly children: Kept[] = [];
  readonly other: Kept;

  constructor(schema: { readonly [key: string]: KeepSchema }) {
    for (const [name, child] of Object.entries(schema)) {
      if (name === '*') continue;
      this.names.push(name);
      this.children.push(compile(child));
    }
    this.other = Object.hasOwn(schema, '*') ? compile(schema['*']) : undefined;
  }
}

/** `true`: keep everything below; undefined: skip (check only). */
type Kept = Keep | true | undefined;

const compiled = new WeakMap<object, Keep>();

function compile(schema: KeepSchema): Keep | true {
  if (schema === true) return true;
  let keep = compiled.get(schema);
  if (keep === undefined) compiled.set(schema, (keep = new Keep(schema)));
  return keep;
}

/** A table that headers can still reach: the keys it defines (as offsets into the text), so a repeated one is caught. */
class HeaderTable {
  /** Start and end offset of each key, in the order defined. */
  readonly offsets: number[] = [];
  /** What each key holds: a sub-table headers may reach, or null for a value. */
  readonly slots: (HeaderTable | TableArray | null)[] = [];
  /** The keys by name, once there are too many to compare one by one (`[metadata.files]` of a 1.x poetry.lock). */
  byName: Map<string, number> | undefined;

  constructor(
    readonly out: Table | undefined,
    readonly keep: Kept,
    /** Created by a longer header (`[a.b.c]` creates `a.b`), not yet by its own. */
    public implicit: boolean,
  ) {}
}

class TableArray {
  constructor(
    readonly out: Table[] | undefined,
    readonly keep: Kept,
    public last: HeaderTable,
  ) {}
}

/** Keys compared one by one up to this many per table; a table with more gets a map by name. */
const LINEAR_KEYS = 16;
/** An inline table is compared one by one; lockfiles write a handful of keys per inline table. */
const MAX_INLINE_KEYS = 256;

/**
 * The elements of one top-level array of tables (`[[package]]`), handed over one at a time instead of
 * kept in the document: `each` gets an element once no line of the text can add to it any more (the
 * next element's header, or the end of the text), with its index and the document's root table, whose
 * own key/values are all read by then (TOML writes them before the first header). The document then
 * has no value under `key` from these headers. If the scan gives up afterwards, what was handed over
 * is not the document's: the caller starts again from the library's values.
 *
 * Why: a reader that keeps only what it builds from each element lets the element's values die
 * young; kept in the document, the values of every package survived the whole scan and the collector
 * copied them (docs/benchmarks.md, "Findings: the Python lockfiles, one walk").
 */
export interface TableStream {
  readonly key: string;
  each(element: Table, index: number, root: Table): void;
}

/** The document's values along `schema`, or undefined when the text is outside the subset. */
export function scanLockToml(text: string, schema: KeepSchema, stream?: TableStream): Table | undefined {
  if (text.indexOf('\r') >= 0 || text.charCodeAt(0) === 0xfeff) return undefined;
  try {
    return new Scanner(text, stream).document(compile(schema));
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** 1 for the characters of a bare key (`A-Za-z0-9_-`); NaN (the end of the text) and others read as undefined or 0. */
const BARE_KEY = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') BARE_KEY[c.charCodeAt(0)] = 1;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function inRange(n: number, max: number): boolean {
  return n >= 0 && n <= max;
}

/**
 * smol-toml's tables have no prototype; ours are plain objects (V8 keeps those in fast mode, a
 * null-prototype object is a hash table from the start: halved the scan). The readers only read own
 * keys they name, none of which is on Object.prototype, and `__proto__` makes the scanner give up.
 * Null-prototype tables only where any key is kept (poetry's dependencies by package name) were
 * measured too: the scan was faster, the whole read slower (docs/decisions.md).
 */
function newTable(): Table {
  return {};
}

class Scanner {
  private p = 0;
  private depth = 0;
  /** Start and end offsets of the keys of the inline tables being read, to find a repeated key. */
  private readonly inlineKeys: number[] = [];
  private keyStart = 0;
  private keyEnd = 0;
  private keptName = '';
  /** The streamed element that later lines may still fill, and how many were handed over before it. */
  private streamed: Table | undefined;
  private handedOver = 0;
  private root: Table | undefined;

  constructor(
    private readonly s: string,
    private readonly stream: TableStream | undefined,
  ) {}

  document(keep: Keep | true): Table {
    const s = this.s;
    const root = new HeaderTable(newTable(), keep, false);
    this.root = root.out;
    let current = root;
    while (this.p < s.length) {
      const c = s.charCodeAt(this.p);
      if (c === NEWLINE || c === SPACE || c === TAB) {
        this.p++;
        continue;
      }
      if (c === HASH) {
        this.comment();
        continue;
      }
      if (c === OPEN_BRACKET) current = this.header(root);
      else this.keyValue(current);
      this.endOfLine();
    }
    this.handOver();
    return root.out as Table;
  }

  /** Hands the streamed element over: no later line can reach it. */
  private handOver(): void {
    if (this.streamed === undefined) return;
    const element = this.streamed;
    this.streamed = undefined;
    (this.stream as TableStream).each(element, this.handedOver++, this.root as Table);
  }

  private fail(): never {
    throw GIVE_UP;
  }

  private comment(): void {
    COMMENT_RUN.lastIndex = this.p + 1;
    COMMENT_RUN.test(this.s);
    this.p = COMMENT_RUN.lastIndex;
    if (this.p < this.s.length && this.s.charCodeAt(this.p) !== NEWLINE) this.fail();
  }

  private spaces(): void {
    let c = this.s.charCodeAt(this.p);
    while (c === SPACE || c === TAB) c = this.s.charCodeAt(++this.p);
  }

  /** Whitespace, line ends and comments, as allowed between the items of an array or inline table. */
  private void(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.p);
      if (c === SPACE || c === TAB || c === NEWLINE) this.p++;
      else if (c === HASH) this.comment();
      else return;
    }
  }

  private endOfLine(): void {
    this.spaces();
    if (this.s.charCodeAt(this.p) === HASH) this.comment();
    if (this.p < this.s.length && this.s.charCodeAt(this.p++) !== NEWLINE) this.fail();
  }

  /** `[a.b]` or `[[a.b]]`: the table later lines fill. Only tables already defined are walked through. */
  private header(root: HeaderTable): HeaderTable {
    const s = this.s;
    const array = s.charCodeAt(this.p + 1) === OPEN_BRACKET;
    this.p += array ? 2 : 1;
    let table = root;
    for (;;) {
      this.bareKey();
      const found = this.find(table);
      const c = s.charCodeAt(this.p++);
      if (c === DOT) {
        const slot = found < 0 ? this.create(table, true) : table.slots[found];
        if (slot instanceof HeaderTable) table = slot;
        else if (slot instanceof TableArray) table = slot.last;
        else this.fail();
        continue;
      }
      if (c !== CLOSE_BRACKET || (array && s.charCodeAt(this.p++) !== CLOSE_BRACKET)) this.fail();
      const slot = found < 0 ? undefined : table.slots[found];
      if (!array) {
        // A table a longer header created on its way may be defined once by its own header.
        if (slot instanceof HeaderTable && slot.implicit) {
          slot.implicit = false;
          return slot;
        }
        if (slot !== undefined) this.fail();
        return this.create(table, false);
      }
      const keep = this.kept(table.keep);
      const name = this.keptName;
      const out = table.out !== undefined && keep !== undefined ? newTable() : undefined;
      const created = new HeaderTable(out, keep, false);
      const streamed = out !== undefined && table === root && this.stream?.key === name;
      if (streamed) this.handOver();
      if (slot instanceof TableArray) {
        slot.last = created;
        if (out !== undefined && !streamed) slot.out?.push(out);
      } else {
        if (slot !== undefined) this.fail();
        const list = out !== undefined && !streamed ? [out] : undefined;
        this.define(table, new TableArray(list, keep, created));
        if (list !== undefined) (table.out as Table)[name] = list;
      }
      if (streamed) this.streamed = out;
      return created;
    }
  }

  /** A new table under the current key of `table` (`implicit`: on the way to a longer header's table). */
  private create(table: HeaderTable, implicit: boolean): HeaderTable {
    const keep = this.kept(table.keep);
    const out = table.out !== undefined && keep !== undefined ? newTable() : undefined;
    const created = new HeaderTable(out, keep, implicit);
    this.define(table, created);
    if (out !== undefined) (table.out as Table)[this.keptName] = out;
    return created;
  }

  /** The index of the current key (`keyStart`–`keyEnd`) among `table`'s keys, or -1. */
  private find(table: HeaderTable): number {
    if (table.byName !== undefined) return table.byName.get(this.s.slice(this.keyStart, this.keyEnd)) ?? -1;
    const offsets = table.offsets;
    for (let k = 0; k < offsets.length; k += 2) if (this.sameKey(offsets[k], offsets[k + 1], this.keyStart, this.keyEnd)) return k >> 1;
    return -1;
  }

  /** Adds the current key to `table`'s keys. */
  private define(table: HeaderTable, slot: HeaderTable | TableArray | null): void {
    table.offsets.push(this.keyStart, this.keyEnd);
    table.slots.push(slot);
    if (table.byName !== undefined) table.byName.set(this.s.slice(this.keyStart, this.keyEnd), table.slots.length - 1);
    else if (table.slots.length > LINEAR_KEYS) {
      const offsets = table.offsets;
      table.byName = new Map();
      for (let k = 0; k < offsets.length; k += 2) table.byName.set(this.s.slice(offsets[k], offsets[k + 1]), k >> 1);
    }
  }

  /** What of the current key's value is kept under `keep`; its output name is then in `keptName`. */
  private kept(keep: Kept): Kept {
    if (keep === undefined) return undefined;
    if (keep !== true) {
      const { names } = keep;
      const length = this.keyEnd - this.keyStart;
      for (let i = 0; i < names.length; i++) {
        if (names[i].length === length && this.s.startsWith(names[i], this.keyStart)) {
          this.keptName = names[i];
          return keep.children[i];
        }
      }
      if (keep.other === undefined) return undefined;
      keep = keep.other;
    }
    this.keptName = this.s.slice(this.keyStart, this.keyEnd);
    return keep;
  }

  private bareKey(): void {
    const s = this.s;
    const start = this.p;
    while (BARE_KEY[s.charCodeAt(this.p)] === 1) this.p++;
    if (this.p === start) this.fail();
    this.setKey(start, this.p);
  }

  /** One key (bare, or quoted without escapes); a dotted key is outside the subset. Ends after `=`. */
  private key(): void {
    const s = this.s;
    const c = s.charCodeAt(this.p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const run = c === DOUBLE_QUOTE ? BASIC_RUN : LITERAL_RUN;
      run.lastIndex = this.p + 1;
      run.test(s);
      if (s.charCodeAt(run.lastIndex) !== c || s.charCodeAt(this.p + 1) === c) this.fail(); // no escapes; `""` may open `"""`
      this.setKey(this.p + 1, run.lastIndex);
      this.p = run.lastIndex + 1;
    } else {
      this.bareKey();
    }
    this.spaces();
    if (s.charCodeAt(this.p++) !== EQUALS) this.fail();
    this.spaces();
  }

  private setKey(start: number, end: number): void {
    // smol-toml gives `__proto__` its own handling; such a file is left to it.
    if (end - start === 9 && this.s.startsWith('__proto__', start)) this.fail();
    this.keyStart = start;
    this.keyEnd = end;
  }

  private keyValue(table: HeaderTable): void {
    this.key();
    if (this.find(table) >= 0) this.fail();
    this.define(table, null);
    const keep = this.kept(table.keep);
    const name = this.keptName;
    const value = this.value(keep, 0);
    if (keep !== undefined && table.out !== undefined) table.out[name] = value;
  }

  /** A value; built only when `schema` keeps it. `close` is the bracket that ends the enclosing structure. */
  private value(keep: Kept, close: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(this.p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      if (s.charCodeAt(this.p + 1) === c && s.charCodeAt(this.p + 2) === c) this.fail(); // multi-line
      return c === DOUBLE_QUOTE ? this.basicString(keep !== undefined) : this.literalString(keep !== undefined);
    }
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++this.depth > MAX_DEPTH) this.fail();
      const value = c === OPEN_BRACKET ? this.array(keep) : this.inlineTable(keep);
      this.depth--;
      return value;
    }
    if (c === 0x74 /* t */ && s.startsWith('true', this.p)) {
      this.p += 4;
      return true;
    }
    if (c === 0x66 /* f */ && s.startsWith('false', this.p)) {
      this.p += 5;
      return false;
    }
    // smol-toml's own dispatch: a `-` at +4 and +7 is a date, a `:` at +2 a time, else a number.
    if (c !== DASH && s.charCodeAt(this.p + 4) === DASH && s.charCodeAt(this.p + 7) === DASH) return this.dateTime(keep);
    if (s.charCodeAt(this.p + 2) === 0x3a /* : */ || (c === DASH && s.charCodeAt(this.p + 1) === 0x30)) this.fail();
    INTEGER.lastIndex = this.p;
    if (!INTEGER.test(s)) this.fail();
    const end = INTEGER.lastIndex;
    const next = s.charCodeAt(end);
    if (end < s.length && next !== SPACE && next !== TAB && next !== NEWLINE && next !== HASH && !(close !== 0 && (next === close || next === COMMA))) this.fail();
    const value = keep !== undefined ? Number(s.slice(this.p, end)) : undefined;
    this.p = end;
    return value;
  }

  /**
   * A skipped offset date-time (`2025-01-25T11:30:10Z`, `…10.5+02:00`), checked in place as smol-toml's
   * `new Date` would judge it (no match array: pylock.toml has one per file); a kept one is left to smol-toml.
   */
  private dateTime(keep: Kept): undefined {
    if (keep !== undefined) this.fail();
    const s = this.s;
    const p = this.p;
    const month = this.twoDigits(p + 5);
    const day = this.twoDigits(p + 8);
    if (this.twoDigits(p) < 0 || this.twoDigits(p + 2) < 0 || month < 1 || month > 12 || day < 1 || day > 31 || s.charCodeAt(p + 10) !== 0x54 /* T */) this.fail();
    if (!this.clock(p + 11, 0x3a /* : */) || s.charCodeAt(p + 16) !== 0x3a || !inRange(this.twoDigits(p + 17), 59)) this.fail();
    let at = p + 19;
    if (s.charCodeAt(at) === DOT) {
      const digits = ++at;
      while (isDigit(s.charCodeAt(at))) at++;
      if (at === digits) this.fail();
    }
    const zone = s.charCodeAt(at);
    if (zone === 0x5a /* Z */) at++;
    else if ((zone === 0x2b /* + */ || zone === DASH) && this.clock(at + 1, 0x3a)) at += 6;
    else this.fail();
    this.p = at;
    return undefined;
  }

  /** `hh:mm` at `at` with a valid hour and minute (`separator` between them). */
  private clock(at: number, separator: number): boolean {
    return inRange(this.twoDigits(at), 23) && this.s.charCodeAt(at + 2) === separator && inRange(this.twoDigits(at + 3), 59);
  }

  /** The number of the two digits at `at`, or -1. */
  private twoDigits(at: number): number {
    const a = this.s.charCodeAt(at);
    const b = this.s.charCodeAt(at + 1);
    return isDigit(a) && isDigit(b) ? (a - 0x30) * 10 + (b - 0x30) : -1;
  }

  private literalString(keep: boolean): string | undefined {
    const start = this.p + 1;
    LITERAL_RUN.lastIndex = start;
    LITERAL_RUN.test(this.s);
    const end = LITERAL_RUN.lastIndex;
    if (this.s.charCodeAt(end) !== SINGLE_QUOTE) this.fail();
    this.p = end + 1;
    return keep ? this.s.slice(start, end) : undefined;
  }

  private basicString(keep: boolean): string | undefined {
    const s = this.s;
    let from = this.p + 1;
    let decoded = '';
    for (;;) {
      BASIC_RUN.lastIndex = from;
      BASIC_RUN.test(s);
      const end = BASIC_RUN.lastIndex;
      const c = s.charCodeAt(end);
      if (c === DOUBLE_QUOTE) {
        this.p = end + 1;
        return keep ? decoded + s.slice(from, end) : undefined;
      }
      if (c !== BACKSLASH) this.fail();
      const [text, after] = this.escape(end);
      if (keep) decoded += s.slice(from, end) + text;
      from = after;
    }
  }

  /** The escape at `at` (a backslash): its text and the offset after it, with smol-toml's rules. */
  private escape(at: number): [string, number] {
    const c = this.s.charCodeAt(at + 1);
    const simple = SIMPLE_ESCAPES.get(c);
    if (simple !== undefined) return [simple, at + 2];
    const length = c === 0x78 /* x */ ? 2 : c === 0x75 /* u */ ? 4 : c === 0x55 /* U */ ? 8 : 0;
    if (length === 0) this.fail();
    const hex = this.s.slice(at + 2, at + 2 + length);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) this.fail();
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail();
    return [String.fromCodePoint(code), at + 2 + length];
  }

  private array(keep: Kept): unknown[] | undefined {
    this.p++;
    const out: unknown[] | undefined = keep !== undefined ? [] : undefined;
    for (;;) {
      this.void();
      if (this.s.charCodeAt(this.p) === CLOSE_BRACKET) {
        this.p++;
        return out;
      }
      const value = this.value(keep, CLOSE_BRACKET);
      out?.push(value);
      this.void();
      const c = this.s.charCodeAt(this.p++);
      if (c === CLOSE_BRACKET) return out;
      if (c !== COMMA) this.fail();
    }
  }

  private inlineTable(keep: Kept): Table | undefined {
    this.p++;
    const out = keep !== undefined ? newTable() : undefined;
    const keys = this.inlineKeys;
    const first = keys.length;
    try {
      for (;;) {
        this.void();
        if (this.s.charCodeAt(this.p) === CLOSE_BRACE) {
          this.p++;
          return out;
        }
        this.key();
        const start = this.keyStart;
        const end = this.keyEnd;
        if (keys.length - first >= 2 * MAX_INLINE_KEYS) this.fail();
        for (let k = first; k < keys.length; k += 2) if (this.sameKey(keys[k], keys[k + 1], start, end)) this.fail();
        keys.push(start, end);
        const child = this.kept(keep);
        const name = this.keptName;
        const value = this.value(child, CLOSE_BRACE);
        if (child !== undefined && out !== undefined) out[name] = value;
        this.void();
        const c = this.s.charCodeAt(this.p++);
        if (c === CLOSE_BRACE) return out;
        if (c !== COMMA) this.fail();
      }
    } finally {
      keys.length = first;
    }
  }

  private sameKey(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    if (aEnd - aStart !== bEnd - bStart) return false;
    for (let i = 0; i < aEnd - aStart; i++) if (this.s.charCodeAt(aStart + i) !== this.s.charCodeAt(bStart + i)) return false;
    return true;
  }
}

const SIMPLE_ESCAPES = new Map<number, string>([
  [0x62, '\b'],
  [0x74, '\t'],
  [0x6e, '\n'],
  [0x66, '\f'],
  [0x72, '\r'],
  [0x65, '\x1b'],
  [DOUBLE_QUOTE, '"'],
  [BACKSLASH, '\\'],
]);
