/**
 * Pipfile.lock read straight from the text, for pipfileLock.ts: `_meta` (small, handed to
 * JSON.parse), then each category's entries, one at a time, with the fields the pins and the tree
 * need (version, hashes, index, the git / path / file / editable markers) and the offsets of the
 * entry's key; every other value is skipped, checked as JSON but not built.
 *
 * Why not JSON.parse: for a 10 MB Pipfile.lock, building the object graph of the whole file and
 * collecting it afterwards cost more than the tree itself (docs/benchmarks.md, lockfile parsers;
 * docs/decisions.md, "Pipfile.lock: a targeted scanner").
 *
 * It reads what pipenv writes (`json.dumps(…, indent=4, sort_keys=True)`), strictly: anything else
 * where it reads (`_meta` after a category, a top-level value that is not an object, an entry that is
 * not an object or holds one, a repeated key, a key written with escapes or that JavaScript orders
 * first because it is an array index, invalid JSON anywhere, an unknown `pipfile-spec`) makes it give
 * up, and pipfileLock.ts reads the file through JSON.parse, which reports problems. The JSON.parse
 * reader finds each key's offset by searching for `"key": {` from the previous one (JsonKeyFinder):
 * the scanner's own offsets equal those found because nothing between two keys it reads can hold
 * that pattern (no object inside an entry; `_meta` holding `"<first category>": {` gives up). Held
 * equal to that reader by `test/unit/parse/pipfileLockScanner.property.test.ts`.
 */
import * as charCodes from '../charCodes';
import { JsonKeyFinder } from '../npm/jsonKeyFinder';
import * as jsonScanner from '../npm/jsonScanner';

const { GIVE_UP, JsonScanner, isIndexKey, unlessGivenUp } = jsonScanner;
const { CLOSE_BRACE, CLOSE_BRACKET, DOUBLE_QUOTE, OPEN_BRACE, OPEN_BRACKET } = charCodes;

/** One category entry as pipfileLock.ts reads it, from either reader. */
export interface PipfileEntry {
  category: string;
  /** The key as written, and the offsets of the key with its quotes. */
  rawName: string;
  start: number;
  end: number;
  /** `version` when it is a string. */
  version: string | undefined;
  /** The string elements of `hashes` when it is an array. */
  hashes: string[];
  /** `index` when it is a string. */
  index: string | undefined;
  /** The first of `git`, `path`, `file` whose value is a string. */
  source: 'git' | 'path' | 'file' | undefined;
  /** `editable` is `true`. */
  editable: boolean;
}

export interface PipfileVisitor {
  /** `_meta`'s value; false when the reader does not accept it (the general reader then reports why). */
  meta(value: unknown): boolean;
  /** Valid only during the call: the scanner reuses the object and its `hashes`. */
  entry(entry: PipfileEntry): void;
}

/** Whether the scan read the whole text; when false the visitor may have seen part of it. */
export function scanPipfileLock(text: string, visitor: PipfileVisitor): boolean {
  return unlessGivenUp(() => new Scanner(text, visitor).document()) === true;
}

const FIELDS = ['version', 'hashes', 'index', 'git', 'path', 'file', 'editable'] as const;
const [VERSION, HASHES, INDEX, GIT, PATH, FILE, EDITABLE] = [0, 1, 2, 3, 4, 5, 6];

class Scanner extends JsonScanner {
  private readonly entry: PipfileEntry = { category: '', rawName: '', start: 0, end: 0, version: undefined, hashes: [], index: undefined, source: undefined, editable: false };

  constructor(
    text: string,
    private readonly visitor: PipfileVisitor,
  ) {
    super(text, false);
  }

  document(): true {
    const seen = new Set<string>();
    /** `_meta`'s text until the first category's key is checked against it. */
    let meta: string | undefined;
    this.openDocument();
    while (this.more(CLOSE_BRACE)) {
      const key = this.plainKey();
      this.colon();
      if (seen.has(key) || key === '__proto__' || isIndexKey(key)) throw GIVE_UP;
      seen.add(key);
      if (key === '_meta') {
        const start = this.pos;
        this.skipValue();
        meta = this.text.slice(start, this.pos);
        if (!this.visitor.meta(parseSlice(meta))) throw GIVE_UP;
      } else {
        if (meta === undefined || this.text.charCodeAt(this.pos) !== OPEN_BRACE) throw GIVE_UP;
        // JsonKeyFinder would find this key inside `_meta` (see above).
        if (meta !== '' && new JsonKeyFinder(meta, '{').find(key)[1] > 0) throw GIVE_UP;
        meta = '';
        this.category(key);
      }
      this.next(CLOSE_BRACE);
    }
    this.closeDocument();
    if (meta === undefined) throw GIVE_UP;
    return true;
  }

  private category(category: string): void {
    const names = new Set<string>();
    const entry = this.entry;
    entry.category = category;
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      entry.start = this.pos;
      entry.rawName = this.plainKey();
      entry.end = this.pos;
      if (isIndexKey(entry.rawName) || names.has(entry.rawName)) throw GIVE_UP;
      names.add(entry.rawName);
      this.colon();
      if (this.text.charCodeAt(this.pos) !== OPEN_BRACE) throw GIVE_UP;
      this.fields(entry);
      this.visitor.entry(entry);
      this.next(CLOSE_BRACE);
    }
  }

  /** The entry object's fields (a field written twice, which JSON.parse would read as its last value, gives up). */
  private fields(entry: PipfileEntry): void {
    entry.version = undefined;
    entry.hashes.length = 0;
    entry.index = undefined;
    entry.editable = false;
    let strings = 0;
    let seen = 0;
    this.pos++;
    while (this.more(CLOSE_BRACE)) {
      const field = this.keyAmong(FIELDS);
      if (field >= 0) {
        if ((seen & (1 << field)) !== 0) throw GIVE_UP;
        seen |= 1 << field;
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === DOUBLE_QUOTE && field >= 0 && field !== HASHES && field !== EDITABLE) {
        const value = this.string();
        if (field === VERSION) entry.version = value;
        else if (field === INDEX) entry.index = value;
        else strings |= 1 << field;
      } else if (field === HASHES && c === OPEN_BRACKET) this.hashes(entry.hashes);
      else {
        if (field === EDITABLE) entry.editable = this.text.startsWith('true', this.pos);
        this.skipFlat();
      }
      this.next(CLOSE_BRACE);
    }
    entry.source = (strings & (1 << GIT)) !== 0 ? 'git' : (strings & (1 << PATH)) !== 0 ? 'path' : (strings & (1 << FILE)) !== 0 ? 'file' : undefined;
  }

  private hashes(into: string[]): void {
    this.pos++;
    while (this.more(CLOSE_BRACKET)) {
      if (this.text.charCodeAt(this.pos) === DOUBLE_QUOTE) into.push(this.string());
      else this.skipFlat();
      this.next(CLOSE_BRACKET);
    }
  }

  /** Skips a value inside an entry, giving up on an object anywhere in it (see above: offsets). */
  private skipFlat(): void {
    const c = this.text.charCodeAt(this.pos);
    if (c === OPEN_BRACE) throw GIVE_UP;
    if (c !== OPEN_BRACKET) return this.skipValue();
    this.pos++;
    while (this.more(CLOSE_BRACKET)) {
      this.skipFlat();
      this.next(CLOSE_BRACKET);
    }
  }
}

function parseSlice(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw GIVE_UP;
  }
}
