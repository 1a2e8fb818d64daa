/**
 * A targeted scanner for package-lock.json / npm-shrinkwrap.json.
 *
 * Why not JSON.parse: on this project's 2-core machine, JSON.parse of a 20 MB lockfile takes
 * 180–470 ms when idle and up to 800 ms under load (it builds an object for every transitive
 * package), and jsonc-parser's parseTree over 1.2 s; the parse must stay well under 100 ms. The
 * manifest only needs the root-level entries, so this scanner reads the three levels that matter
 * (the top object, the `packages` / `dependencies` map, and the wanted entries) strictly, and jumps
 * over everything else with native `indexOf` searches for quotes and brackets, so that almost no
 * per-character work happens in JavaScript.
 *
 * Anything that is not plain JSON where it reads (comments, trailing commas, conflict markers,
 * truncation, unbalanced brackets anywhere) makes it give up and return false; the caller
 * then falls back to the tolerant parser, which reports the problems with ranges. Inside values it
 * skips it checks only that strings end and brackets balance, so a malformed number or a missing
 * comma deep inside an unrelated entry is not noticed, and it does not look for raw control
 * characters inside strings (npm would reject such files; their pins are still read).
 */
import * as charCodes from '../charCodes';
import * as jsonText from './jsonText';

const { GIVE_UP, JsonObjectCursor } = jsonText;
const { BYTE_ORDER_MARK, DOUBLE_QUOTE, NEWLINE, OPEN_BRACE, OPEN_BRACKET } = charCodes;

/** The fields of one lockfile entry that pin a version. */
export interface LockEntry {
  version?: string;
  /** v2/v3: the real package name when the folder name is an alias. */
  name?: string;
  resolved?: string;
  integrity?: string;
  /** v2/v3: a symlink to a workspace member or a local folder. */
  link?: boolean;
}

/**
 * Receives entries in document order. A repeated key is reported again and the later one wins, as
 * in JSON.parse; `entry` is undefined when the key's value is not an object. The entry object is
 * only valid during the call (the scanner reuses it: on this machine every allocation of a
 * 30,000-entry pass costs measurable time, see docs/formats/npm.md).
 */
export interface LockVisitor {
  /** Whether a `packages` location is needed; everything else is skipped unread. */
  wants(location: string): boolean;
  /** The `packages` object starts (v2/v3): `dependencies` no longer matters. */
  packagesFound(): void;
  /** `at`: where the entry's value starts in the text (the scanner's reading only; see readLockEntry). */
  packageEntry(location: string, entry: LockEntry | undefined, at?: number): void;
  /** v1: a top-level entry of the `dependencies` tree. */
  dependencyEntry(name: string, entry: LockEntry | undefined): void;
}

/**
 * Sends the lockfile's pinning fields to `visitor`. Returns false when the text is not well-formed
 * JSON (as far as the scanner checks); the visitor may then have seen part of it.
 */
export function scanLockfile(text: string, visitor: LockVisitor): boolean {
  if (hasConflictMarker(text)) return false;
  try {
    new Scanner(text, visitor).document();
    return true;
  } catch (error) {
    if (error === GIVE_UP) return false;
    throw error;
  }
}

/** Git conflict markers, searched by single-character jumps (a multi-character search costs ~30 ms on 20 MB). */
function hasConflictMarker(text: string): boolean {
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at + 1)) {
    if (text.startsWith('<<<<<<<', at) && (at === 0 || text.charCodeAt(at - 1) === NEWLINE)) return true;
  }
  return false;
}


const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Reads the `packages` entry whose value starts at `at`, as `scanLockfile` gave it to `packageEntry`
 * there (same text, same offset: the same reading, which succeeded then). One reader per text: making
 * a scanner searches the whole text for a backslash.
 */
export function lockEntryReader(text: string): (at: number) => LockEntry | undefined {
  const scanner = new Scanner(text, NO_VISITOR);
  return (at) => scanner.entryAt(at);
}

const NO_VISITOR: LockVisitor = { wants: () => false, packagesFound: () => undefined, packageEntry: () => undefined, dependencyEntry: () => undefined };

class Scanner extends JsonObjectCursor {
  private readonly entryFields: LockEntry = {};

  constructor(
    text: string,
    private readonly visitor: LockVisitor,
  ) {
    super(text);
  }

  document(): void {
    const seen = new Set<string>();
    let packagesFound = false;
    if (this.text.charCodeAt(0) === BYTE_ORDER_MARK) this.pos = 1; // npm strips a byte-order mark
    this.space();
    if (this.openObject()) {
      do {
        const key = this.key();
        // A repeated top-level key would need JSON.parse's last-wins rule across sections; such a
        // file is not npm's output, so the tolerant path handles it.
        if (seen.has(key)) throw GIVE_UP;
        seen.add(key);
        if (key === 'packages' && this.text.charCodeAt(this.pos) === OPEN_BRACE) {
          packagesFound = true;
          this.visitor.packagesFound();
          this.entries(true);
        } else if (key === 'dependencies' && !packagesFound && this.text.charCodeAt(this.pos) === OPEN_BRACE) {
          this.entries(false);
        } else {
          this.skipValue(); // v2 repeats the tree in `dependencies` for npm 6; `packages` is preferred
        }
      } while (this.nextMember());
    }
    this.space();
    if (this.pos !== this.text.length) throw GIVE_UP;
  }

  /** The `packages` map (locations) or the v1 `dependencies` map (names). */
  private entries(packages: boolean): void {
    if (!this.openObject()) return;
    do {
      const key = this.key();
      if (packages) {
        if (this.visitor.wants(key)) {
          const at = this.pos;
          this.visitor.packageEntry(key, this.entry(), at);
        }
        else this.skipValue();
      } else {
        this.visitor.dependencyEntry(key, this.entry());
      }
    } while (this.nextMember());
  }

  /** The entry whose value starts at `at` (a copy of the fields), read as `scanLockfile` read it there. */
  entryAt(at: number): LockEntry | undefined {
    this.pos = at;
    const entry = this.entry();
    return entry && { ...entry };
  }

  private entry(): LockEntry | undefined {
    if (this.text.charCodeAt(this.pos) !== OPEN_BRACE) {
      this.skipValue();
      return undefined;
    }
    const entry = this.entryFields;
    entry.version = entry.name = entry.resolved = entry.integrity = undefined;
    entry.link = false;
    if (this.openObject()) {
      do {
        const field = this.entryField();
        if (field === 'link') {
          entry.link = this.text.startsWith('true', this.pos);
          this.skipValue();
        } else if (field !== undefined) {
          entry[field] = this.text.charCodeAt(this.pos) === DOUBLE_QUOTE ? this.string() : undefined;
          if (entry[field] === undefined) this.skipValue();
        } else {
          this.skipValue();
        }
      } while (this.nextMember());
    }
    return entry;
  }

  /** Reads an entry's key up to its value; returns it only when it is one of the pinning fields. */
  private entryField(): keyof LockEntry | undefined {
    if (this.hasBackslash) {
      const key = this.key();
      return isEntryField(key) ? key : undefined;
    }
    // Without escapes the key's raw text is its value: compare in place instead of slicing.
    const start = this.pos + 1;
    this.expectString();
    const length = this.pos - 1 - start;
    let field: keyof LockEntry | undefined;
    for (const candidate of ENTRY_FIELDS) {
      if (candidate.length === length && this.text.startsWith(candidate, start)) field = candidate;
    }
    this.colon();
    return field;
  }

  private skipValue(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === DOUBLE_QUOTE) this.skipString();
    else if (c === OPEN_BRACE) this.skipBalanced('{', '}');
    else if (c === OPEN_BRACKET) this.skipBalanced('[', ']');
    else if (this.text.startsWith('true', this.pos)) this.pos += 4;
    else if (this.text.startsWith('false', this.pos)) this.pos += 5;
    else if (this.text.startsWith('null', this.pos)) this.pos += 4;
    else this.skipNumber();
  }

  /**
   * Moves past an object or array by jumping between quotes and its own bracket pair with indexOf
   * (in valid JSON each bracket kind balances on its own once strings are excluded).
   */
  private skipBalanced(open: string, close: string): void {
    const text = this.text;
    const end = text.length;
    let pos = this.pos + 1;
    let depth = 1;
    let nextQuote = -1;
    let nextOpen = -1;
    let nextClose = -1;
    for (;;) {
      if (nextQuote < pos) nextQuote = indexOrEnd(text, '"', pos);
      if (nextOpen < pos) nextOpen = indexOrEnd(text, open, pos);
      if (nextClose < pos) nextClose = indexOrEnd(text, close, pos);
      if (nextClose === end) throw GIVE_UP;
      if (nextQuote < nextOpen && nextQuote < nextClose) {
        this.pos = nextQuote;
        this.skipString();
        pos = this.pos;
      } else if (nextOpen < nextClose) {
        depth++;
        pos = nextOpen + 1;
      } else {
        pos = nextClose + 1;
        if (--depth === 0) break;
      }
    }
    this.pos = pos;
  }

  private skipNumber(): void {
    NUMBER.lastIndex = this.pos;
    if (!NUMBER.test(this.text)) throw GIVE_UP;
    this.pos = NUMBER.lastIndex;
  }

  /** Moves past a string starting at its opening quote (a value we do not need). */
  private skipString(): void {
    const quote = this.closingQuote(this.pos + 1);
    this.pos = quote + 1;
  }

  /** Like skipString, for strings whose content is read in place. */
  private expectString(): void {
    if (this.text.charCodeAt(this.pos) !== DOUBLE_QUOTE) throw GIVE_UP;
    this.skipString();
  }


  /** Reads and decodes a string (a key or a wanted field); escapes are checked as JSON.parse would. */
  protected string(): string {
    const start = this.pos;
    this.expectString();
    const raw = this.text.slice(start + 1, this.pos - 1);
    if (!this.hasBackslash || raw.indexOf('\\') < 0) return raw;
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string;
    } catch {
      throw GIVE_UP;
    }
  }

}

const ENTRY_FIELDS = ['version', 'name', 'resolved', 'integrity', 'link'] as const;

function isEntryField(key: string): key is keyof LockEntry {
  return (ENTRY_FIELDS as readonly string[]).includes(key);
}

function indexOrEnd(text: string, search: string, from: number): number {
  const found = text.indexOf(search, from);
  return found < 0 ? text.length : found;
}
