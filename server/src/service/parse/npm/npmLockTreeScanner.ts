/**
 * package-lock.json v2/v3 `packages` read straight from the text for the installed tree
 * (npmLockTree.ts): each entry's key and its offsets, the fields the tree uses and the names of its
 * dependency maps go to NpmPackagesAssembly (npmLockPackages.ts) as the scanner meets them; no
 * object graph of the file is built.
 *
 * Why not JSON.parse: for a 10 MB lockfile, JSON.parse (an object per entry and per dependency map,
 * every value a string), finding each key's offset again, and the garbage collection of all of it
 * were most of the tree's time (docs/benchmarks.md, "package-lock.json tree scanner";
 * docs/decisions.md).
 *
 * Strict: every value is checked as JSON.parse checks it, skipped ones included (strings end on their
 * line and hold no raw control character, escapes are valid, numbers and literals are JSON, no
 * trailing comma), so a file the scanner accepts is one JSON.parse accepts. Besides that it gives up
 * (false), and npmLockTree.ts reads the file the general way, on what it does not handle the way the
 * general reader does: no `packages` object (v1), a `lockfileVersion` other than 1, 2 or 3, a repeated
 * top-level key or location (JSON.parse keeps the last), an entry that is not an object, a location
 * written with escapes (its offset is searched unescaped there), an array-index key (Object.keys lists those first), a dependency map
 * written twice in one entry, nesting deep enough to exhaust the stack. Held equal to the general
 * reader, and to the reader before the scanner, by test/unit/tree/npmLockTreeScanner.property.test.ts.
 */
import * as charCodes from '../charCodes';
import * as jsonText from './jsonText';
import type { OffsetPairs, NpmEntryFields, NpmPackagesAssembly } from './npmLockPackages';

const { GIVE_UP, JsonObjectCursor } = jsonText;
const { BACKSLASH, BYTE_ORDER_MARK, CLOSE_BRACKET, COMMA, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET, SPACE } = charCodes;

const NODE_MODULES = 'node_modules/';
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const CONTROL = /[\x00-\x09\x0b-\x1f]/;

/** The dependency maps of an entry, in the order the tree reads their names (npmLockPackages.ts). */
const DEPENDENCIES = 0;
const OPTIONAL = 1;
const PEER = 2;
const DEV = 3;

/** Feeds `assembly` the `packages` entries of `text`; false when the general reader must read the file (the assembly is then unusable). */
export function scanNpmLockPackages(text: string, assembly: NpmPackagesAssembly): boolean {
  try {
    return new Scanner(text, assembly).document();
  } catch (error) {
    if (error === GIVE_UP || error instanceof RangeError) return false;
    throw error;
  }
}

class Scanner extends JsonObjectCursor {
  /** A raw control character other than a line feed somewhere: then every string is checked for them. */
  private readonly hasControls: boolean;
  /** The next line feed at or after the current string's start (a string must end before it). */
  private lineEnd = -1;
  private readonly fields: NpmEntryFields = { name: undefined, version: undefined, resolved: undefined, integrity: undefined, dev: false, link: false };
  /** Per dependency map of the current entry: where its names start and end in `names` (-1: not read). */
  private readonly mapFrom = [-1, -1, -1, -1];
  private readonly mapTo = [-1, -1, -1, -1];

  constructor(
    text: string,
    private readonly assembly: NpmPackagesAssembly,
  ) {
    super(text);
    this.hasControls = CONTROL.test(text);
  }

  document(): boolean {
    const seen = new Set<string>();
    let found = false;
    if (this.text.charCodeAt(0) === BYTE_ORDER_MARK) this.pos = 1; // JSON.parse reads the text after it
    this.space();
    if (this.openObject()) {
      do {
        const key = this.key();
        if (seen.has(key)) throw GIVE_UP;
        seen.add(key);
        if (key === 'packages' && this.text.charCodeAt(this.pos) === OPEN_BRACE) {
          this.packages();
          found = true;
        } else if (key === 'lockfileVersion') this.lockfileVersion();
        else this.skipValue();
      } while (this.nextMember());
    }
    this.space();
    if (this.pos !== this.text.length) throw GIVE_UP;
    return found;
  }

  /** 1, 2 or 3 as the general reader takes them; any other number is its to report. */
  private lockfileVersion(): void {
    const c = this.text.charCodeAt(this.pos);
    const start = this.pos;
    this.skipValue();
    if (c === DOUBLE_QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET || c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6e /* n */) return;
    const number = this.text.slice(start, this.pos);
    if (number !== '1' && number !== '2' && number !== '3') throw GIVE_UP;
  }

  private packages(): void {
    if (!this.openObject()) return;
    do {
      const start = this.pos;
      const close = this.plainKey();
      const end = this.pos;
      // `node_modules/<folder>` with no `node_modules/` inside the folder: only the folder's name is made (npmLockPackages.ts `hoistedEntry`).
      const hoisted = close > start + 1 + NODE_MODULES.length && this.text.startsWith(NODE_MODULES, start + 1) && this.text.lastIndexOf(NODE_MODULES, close - 1) === start + 1;
      const key = hoisted ? this.text.slice(start + 1 + NODE_MODULES.length, close) : this.text.slice(start + 1, close);
      if (!hoisted && isIndexKey(key)) throw GIVE_UP;
      this.colon();
      this.entry(hoisted, key, start, end);
    } while (this.nextMember());
  }

  /** One entry of `packages`; `key`: its location, or when `hoisted` the folder after `node_modules/`. */
  private entry(hoisted: boolean, key: string, start: number, end: number): void {
    // An entry that is not an object is ignored by the general reader, but a repeat of its location would count.
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACE) throw GIVE_UP;
    const { fields, mapFrom, mapTo } = this;
    const names = this.assembly.names;
    const first = names.length;
    fields.name = fields.version = fields.resolved = fields.integrity = undefined;
    fields.dev = fields.link = false;
    mapFrom[0] = mapFrom[1] = mapFrom[2] = mapFrom[3] = -1;
    let inOrder = true;
    let last = -1;
    let resolvedAt = -1;
    if (this.openObject()) {
      do {
        const field = this.entryField();
        const c = this.text.charCodeAt(this.pos);
        switch (field) {
          case 'resolved':
            // Read at the end of the entry, when it is known whether the tree needs it (below).
            resolvedAt = c === DOUBLE_QUOTE ? this.pos : -1;
            this.skipValue();
            break;
          case 'name':
          case 'version':
          case 'integrity':
            if (c === DOUBLE_QUOTE) fields[field] = this.string();
            else {
              fields[field] = undefined; // JSON.parse keeps the last value; the tree reads only strings
              this.skipValue();
            }
            break;
          case 'dev':
          case 'link':
            fields[field] = this.text.startsWith('true', this.pos);
            this.skipValue();
            break;
          case DEPENDENCIES:
          case OPTIONAL:
          case PEER:
          case DEV:
            if (mapFrom[field] >= 0) throw GIVE_UP; // written twice: JSON.parse keeps the last
            if (field < last) inOrder = false;
            last = field;
            mapFrom[field] = names.length;
            if (c === OPEN_BRACE) this.names(names);
            else this.skipValue(); // not an object: no names, as the general reader reads it
            mapTo[field] = names.length;
            break;
          default:
            this.skipValue();
        }
      } while (this.nextMember());
    }
    // The tree reads `resolved` only for a link (where it points) and to see a git or file source
    // (notRegistry: a first letter g, b or f); a registry URL (`https:…`, nearly every entry) is
    // handed over as '' instead of a string made per entry, which notRegistry reads the same way.
    if (resolvedAt < 0) fields.resolved = undefined;
    else if (!fields.link && this.text.charCodeAt(resolvedAt + 1) === 0x68 /* h */) fields.resolved = '';
    else {
      const after = this.pos;
      this.pos = resolvedAt;
      fields.resolved = this.string();
      this.pos = after;
    }
    if (!inOrder) reorder(names, first, mapFrom, mapTo);
    const devNames = mapFrom[DEV] < 0 ? 0 : mapTo[DEV] - mapFrom[DEV];
    const edgeEnd = names.length - devNames;
    if (!(hoisted ? this.assembly.hoistedEntry(key, start, end, fields, edgeEnd) : this.assembly.entry(key, start, end, fields, edgeEnd))) throw GIVE_UP;
  }

  /** An object's keys, into the assembly's names (values checked and skipped). */
  private names(names: OffsetPairs): void {
    if (!this.openObject()) return;
    const text = this.text;
    do {
      const open = this.pos;
      if (text.charCodeAt(open) !== DOUBLE_QUOTE) throw GIVE_UP;
      const close = this.closingQuote(open + 1);
      this.checkString(open, close);
      if (this.hasBackslash && this.backslashIn(open + 1, close)) {
        const name = this.decode(open, close);
        if (isIndexKey(name)) throw GIVE_UP;
        this.assembly.pushName(name);
      } else {
        if (isDigit(text.charCodeAt(open + 1)) && isIndexKey(text.slice(open + 1, close))) throw GIVE_UP;
        names.push(open + 1, close);
      }
      this.pos = close + 1;
      this.colon();
      this.skipValue();
    } while (this.nextMember());
  }

  /** Reads an entry's key and the colon after it: a field the tree reads (a name or a map's number), or undefined. */
  private entryField(): 'name' | 'version' | 'resolved' | 'integrity' | 'dev' | 'link' | number | undefined {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const start = this.pos + 1;
    const close = this.closingQuote(start);
    if (this.hasBackslash && this.backslashIn(start, close)) return fieldOf(this.key());
    this.checkString(start - 1, close);
    this.pos = close + 1;
    this.colon();
    // Without escapes the key's raw text is its value: compare in place instead of slicing.
    const text = this.text;
    switch (close - start) {
      case 3:
        return text.startsWith('dev', start) ? 'dev' : undefined;
      case 4:
        return text.startsWith('name', start) ? 'name' : text.startsWith('link', start) ? 'link' : undefined;
      case 7:
        return text.startsWith('version', start) ? 'version' : undefined;
      case 8:
        return text.startsWith('resolved', start) ? 'resolved' : undefined;
      case 9:
        return text.startsWith('integrity', start) ? 'integrity' : undefined;
      case 12:
        return text.startsWith('dependencies', start) ? DEPENDENCIES : undefined;
      case 15:
        return text.startsWith('devDependencies', start) ? DEV : undefined;
      case 16:
        return text.startsWith('peerDependencies', start) ? PEER : undefined;
      case 20:
        return text.startsWith('optionalDependencies', start) ? OPTIONAL : undefined;
      default:
        return undefined;
    }
  }

  /**
   * Moves past a key whose raw text is its value (a location written with escapes is found elsewhere
   * by the general reader) and returns its closing quote.
   */
  private plainKey(): number {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    const close = this.closingQuote(this.pos + 1);
    if (this.hasBackslash && this.backslashIn(this.pos + 1, close)) throw GIVE_UP;
    this.checkString(this.pos, close);
    this.pos = close + 1;
    return close;
  }

  /** Skips one value, checking it is JSON. */
  private skipValue(): void {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === DOUBLE_QUOTE) this.skipString();
    else if (c === OPEN_BRACE) {
      if (!this.openObject()) return;
      do {
        this.key();
        this.skipValue();
      } while (this.nextMember());
    } else if (c === OPEN_BRACKET) {
      this.pos++;
      this.space();
      if (text.charCodeAt(this.pos) === CLOSE_BRACKET) {
        this.pos++;
        return;
      }
      for (;;) {
        this.skipValue();
        this.space();
        const next = text.charCodeAt(this.pos++);
        if (next === CLOSE_BRACKET) return;
        if (next !== COMMA) throw GIVE_UP;
        this.space();
      }
    } else if (text.startsWith('true', this.pos)) this.pos += 4;
    else if (text.startsWith('false', this.pos)) this.pos += 5;
    else if (text.startsWith('null', this.pos)) this.pos += 4;
    else {
      NUMBER.lastIndex = this.pos;
      if (!NUMBER.test(text)) throw GIVE_UP;
      this.pos = NUMBER.lastIndex;
    }
  }

  /** Moves past a string at its opening quote, checking it as JSON.parse would. */
  private skipString(): void {
    const open = this.pos;
    const close = this.closingQuote(open + 1);
    this.checkString(open, close);
    if (this.hasBackslash && this.backslashIn(open + 1, close)) this.decode(open, close);
    this.pos = close + 1;
  }

  /** Reads and decodes a string at its opening quote. */
  protected string(): string {
    const open = this.pos;
    const close = this.closingQuote(open + 1);
    this.checkString(open, close);
    this.pos = close + 1;
    const raw = this.text.slice(open + 1, close);
    if (!this.hasBackslash || raw.indexOf('\\') < 0) return raw;
    return this.decode(open, close);
  }

  private decode(open: number, close: number): string {
    try {
      return JSON.parse(this.text.slice(open, close + 1)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

  /** Gives up on a raw line feed or other control character inside the string from `open` to `close` (JSON.parse refuses them). */
  private checkString(open: number, close: number): void {
    if (this.lineEnd < open) {
      this.lineEnd = this.text.indexOf('\n', open);
      if (this.lineEnd < 0) this.lineEnd = this.text.length;
    }
    if (close > this.lineEnd) throw GIVE_UP;
    if (this.hasControls) {
      for (let i = open + 1; i < close; i++) if (this.text.charCodeAt(i) < SPACE) throw GIVE_UP;
    }
  }

  private backslashIn(from: number, to: number): boolean {
    for (let i = from; i < to; i++) if (this.text.charCodeAt(i) === BACKSLASH) return true;
    return false;
  }

}

function fieldOf(key: string): 'name' | 'version' | 'resolved' | 'integrity' | 'dev' | 'link' | number | undefined {
  switch (key) {
    case 'name':
    case 'version':
    case 'resolved':
    case 'integrity':
    case 'dev':
    case 'link':
      return key;
    case 'dependencies':
      return DEPENDENCIES;
    case 'optionalDependencies':
      return OPTIONAL;
    case 'peerDependencies':
      return PEER;
    case 'devDependencies':
      return DEV;
    default:
      return undefined;
  }
}

/** Puts an entry's names (from `first` on) in the order the tree reads their maps, when the file wrote the maps in another. */
function reorder(names: OffsetPairs, first: number, from: number[], to: number[]): void {
  const tail = names.tail(first);
  names.length = first;
  for (let map = DEPENDENCIES; map <= DEV; map++) {
    for (let k = from[map]; k >= 0 && k < to[map]; k += 2) names.push(tail[k - first], tail[k + 1 - first]);
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** An array index as Object.keys orders it (before every other key, ascending). */
function isIndexKey(key: string): boolean {
  if (!isDigit(key.charCodeAt(0))) return false;
  return /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}
