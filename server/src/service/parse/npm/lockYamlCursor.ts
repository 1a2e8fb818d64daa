/**
 * The line reader under every YAML lockfile reader: it walks the YAML that pnpm and yarn Berry
 * write (block mappings by indentation, block sequences of scalars, one-line flow collections,
 * plain and quoted scalars, comments) one content line at a time, and says for each line how deep
 * it is, its key and its inline value. Every scalar is a string (the YAML failsafe schema: `1.10`
 * stays `1.10`).
 *
 * Why a cursor and not a document: the generic reader (lockYamlScanner.ts) builds Maps from it for
 * any file, and the readers of one format (pnpmLockReader.ts, yarnBerryReader.ts) build their tree
 * straight from the lines, with no Map per entry (docs/benchmarks.md, issue 14 item 6). Both read
 * the same lines under the same rules, so a file one of them accepts the other reads alike.
 *
 * Anything outside that subset (anchors, aliases, tags, block scalars, multi-line flow or quoted
 * scalars, tabs, document markers, odd indentation) throws GIVE_UP; the readers then hand the text
 * to the `yaml` library (lockYaml.ts), which reads or rejects it with positions. Duplicate keys are
 * the reader's to find (each keeps its own keys). A property test
 * (test/unit/parse/lockYaml.property.test.ts) shows the generic reader agrees with the library.
 */

import * as charCodes from '../charCodes';

const { BACKSLASH, BYTE_ORDER_MARK, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DASH, DOUBLE_QUOTE, HASH, NEWLINE, OPEN_BRACE, OPEN_BRACKET, PERCENT, SINGLE_QUOTE, SPACE } = charCodes;

export type YamlValue = string | YamlMap | YamlValue[];
export type YamlMap = Map<string, YamlValue>;

class GiveUp extends Error {}
/** Thrown by the cursor and the readers on anything outside the lockfile YAML subset. */
export const GIVE_UP = new GiveUp('outside the lockfile YAML subset');

/** Flow collections nested deeper than this are not a lockfile (pnpm nests them at most twice). */
const MAX_FLOW_DEPTH = 32;

export class YamlCursor {
  /** No line left. */
  done = false;
  /** The depth of the mapping or sequence this line belongs to: 0 for the root mapping, -1 when done. */
  depth = -1;
  /** This line is the first of a block opened by the previous line (a key without inline value). */
  opened = false;
  /** A `- value` line of a block sequence (else a `key: value` line). */
  item = false;

  get key(): string {
    return (this.keyString ??= this.text.slice(this.keyTextStart, this.keyTextEnd));
  }

  /** The line's inline value; undefined for a key whose value is the block below it, or empty. */
  get value(): YamlValue | undefined {
    if (!this.hasValue) return undefined;
    if (this.valueObject !== undefined) return this.valueObject;
    if (this.flowAt >= 0) {
      this.flow(this.flowAt, this.flowEnd, 0, true);
      this.valueObject = this.built;
    } else this.valueObject = this.text.slice(this.valueStart, this.valueEnd);
    return this.valueObject;
  }

  /** Whether the key is `name`, without making the key's string when the text holds it as it is. */
  keyIs(name: string): boolean {
    const start = this.keyTextStart;
    if (start < 0) return this.key === name;
    const length = name.length;
    if (this.keyTextEnd - start !== length) return false;
    const text = this.text;
    for (let i = 0; i < length; i++) if (text.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
    return true;
  }

  /** Whether the line's value is a flow mapping whose one key is `name` and whose value stands at text[flowValueStart, flowValueEnd). */
  flowPairIs(name: string): boolean {
    const start = this.flowKeyStart;
    if (!this.hasValue || this.flowAt < 0 || start < 0 || this.flowValueStart < 0 || this.flowKeyEnd - start !== name.length) return false;
    return this.text.startsWith(name, start);
  }
  /** Offsets of the key's own text (quotes included). */
  keyStart = 0;
  keyEnd = 0;
  /** Where the key stands in the text as it is (`text.slice(keyTextStart, keyTextEnd) === key`), or -1. */
  keyTextStart = -1;
  keyTextEnd = -1;
  /**
   * Where a scalar value stands in the text as it is (a plain scalar, or a quoted one without
   * escapes): `text.slice(valueStart, valueEnd) === value`; -1 otherwise.
   */
  valueStart = -1;
  valueEnd = -1;
  /** The line has an inline value (else `value` is undefined). */
  hasValue = false;
  /**
   * For a one-line flow mapping of a single key (`resolution: {integrity: sha512-…}`) whose key and
   * value are scalars standing in the text as they are: the key's and the value's spans, found by
   * the check the line is read with; -1 otherwise. `flowPairIs` reads them: the readers take the
   * one string they keep from the text with no second scan of the line and no Map
   * (docs/benchmarks.md, "Findings: pnpm-lock.yaml, third pass").
   */
  flowKeyStart = -1;
  flowKeyEnd = -1;
  flowValueStart = -1;
  flowValueEnd = -1;

  // Key and value strings are made when first asked for: the format readers keep offsets of most.
  private keyString: string | undefined = undefined;
  private valueObject: YamlValue | undefined = undefined;
  /**
   * Where the line's flow collection starts and the line ends, or -1: a flow value is checked when
   * its line is read and built (Maps, arrays, strings) only when asked for; the readers ask for few
   * of them (pnpm's `engines: {node: …}` on every package is jumped over).
   */
  private flowAt = -1;
  private flowEnd = -1;
  /** What `flow` and its helpers built last. */
  private built: YamlValue = '';
  /** The span of the flow scalar `flow` and its helpers checked last (-1 when it was a collection). */
  private scalarStart = -1;
  private scalarEnd = -1;
  /** The value of the quoted scalar just read when it differs from the text between its quotes. */
  private decoded: string | undefined = undefined;
  /** Last answers of the searches that only move forward (see `nextHash`). */
  private hashAt = -1;
  private backslashAt = -1;

  private pos: number;
  private rootIndentSet = false;
  /** Indentation and kind (sequence or mapping) of each open block, the root first. */
  private readonly indents: number[] = [0];
  private readonly sequences: boolean[] = [false];
  /** Indentation of the previous line when it was a key without inline value, else -1. */
  private pending = -1;
  private indent = 0;

  constructor(private readonly text: string) {
    // Package managers never write tabs; YAML's rules for them (separation yes, indentation no) are the library's job.
    if (text.includes('\t')) throw GIVE_UP;
    this.pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  }

  /** Moves to the next content line (blank and comment lines are passed); false at the end. */
  next(): boolean {
    const text = this.text;
    const length = text.length;
    let pos = this.pos;
    while (pos < length) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = length;
      let end = eol;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      let at = pos;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      const lineStart = pos;
      pos = eol + 1;
      if (at === end) continue;
      const first = text.charCodeAt(at);
      if (first === HASH) continue;
      const indent = at - lineStart;
      if (indent === 0 && (first === PERCENT || text.startsWith('---', at) || text.startsWith('...', at))) throw GIVE_UP;
      if (!this.rootIndentSet) {
        if (indent !== 0) throw GIVE_UP;
        this.rootIndentSet = true;
      }
      const isItem = first === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE);
      this.pos = pos;
      this.line(at, end, indent, isItem);
      return true;
    }
    this.pos = pos;
    this.done = true;
    this.depth = -1;
    this.opened = false;
    return false;
  }

  /**
   * On a key line without inline value: jumps over the block below it unread (a key whose value
   * nobody reads). Blank and comment lines inside it are jumped too. Call next() after it.
   */
  skipBlock(): void {
    const text = this.text;
    const indent = this.indent;
    let pos = this.pos;
    while (pos < text.length) {
      let at = pos;
      while (text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      const blank = c === NEWLINE || c === CR || at >= text.length || c === HASH;
      if (!blank && at - pos <= indent) break;
      const eol = text.indexOf('\n', at);
      pos = eol < 0 ? text.length : eol + 1;
    }
    this.pos = pos;
    this.pending = -1;
  }

  private line(at: number, end: number, indent: number, isItem: boolean): void {
    const text = this.text;
    const indents = this.indents;
    this.opened = false;
    if (this.pending >= 0) {
      if (indent > this.pending) {
        indents.push(indent);
        this.sequences.push(isItem);
        this.opened = true;
      }
      this.pending = -1;
    }
    while (indents[indents.length - 1] > indent) {
      indents.pop();
      this.sequences.pop();
    }
    const top = indents.length - 1;
    if (indents[top] !== indent) throw GIVE_UP;
    this.depth = top;
    this.indent = indent;
    this.item = isItem;
    if (isItem) {
      if (!this.sequences[top]) throw GIVE_UP;
      let v = at + 1;
      while (v < end && text.charCodeAt(v) === SPACE) v++;
      if (v === end) throw GIVE_UP; // a nested block under `-`
      this.inlineValue(v, end);
      return;
    }
    if (this.sequences[top]) throw GIVE_UP;
    const colon = this.readKey(at, end);
    let v = colon + 1;
    while (v < end && text.charCodeAt(v) === SPACE) v++;
    if (v === end || text.charCodeAt(v) === HASH) {
      if (v < end && text.charCodeAt(v - 1) !== SPACE) throw GIVE_UP;
      this.hasValue = false;
      this.valueStart = -1;
      this.pending = indent;
      return;
    }
    this.inlineValue(v, end);
  }

  /** A value on its line, followed only by spaces or a comment. */
  private inlineValue(v: number, end: number): void {
    const text = this.text;
    const c = text.charCodeAt(v);
    let after: number;
    this.hasValue = true;
    this.valueStart = -1;
    this.valueObject = undefined;
    this.flowAt = -1;
    this.flowKeyStart = -1;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      after = this.quoted(v, end);
      if (this.decoded === undefined) {
        this.valueStart = v + 1;
        this.valueEnd = after - 1;
      } else this.valueObject = this.decoded;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      after = this.flow(v, end, 0, false);
      this.flowAt = v;
      this.flowEnd = end;
    }
    else {
      if (!plainStart(text, v, end, false)) throw GIVE_UP;
      // A plain scalar runs to the end of the line or a ` #` comment, and is trimmed as trimEnd() does.
      const hash = this.nextHash(v);
      after = hash <= end - 2 ? hash : end;
      // `key: value` inside a plain value is a nested mapping in YAML: not this subset.
      if (hasPair(text, v, end) || text.charCodeAt(end - 1) === COLON) throw GIVE_UP;
      this.valueStart = v;
      this.valueEnd = trimmedEnd(text, v, after);
    }
    // Only spaces or a comment may follow a value.
    while (after < end && text.charCodeAt(after) === SPACE) after++;
    if (after < end && (text.charCodeAt(after) !== HASH || text.charCodeAt(after - 1) !== SPACE)) throw GIVE_UP;
  }

  /**
   * The first ` #` at or after `from` (the text's length when none). Lines are read in order, so
   * `from` only grows and an earlier answer past it still holds: the text is searched once in all,
   * however few lines hold it (a search per line to the end of the text was quadratic). The same
   * for backslashes below.
   */
  private nextHash(from: number): number {
    if (this.hashAt < from) {
      // Searched as `#` then its space: a one-character search is a fast memory scan, a two-character
      // one went ~1 GB/s (~9 ms over a 10 MB lockfile with no comment; docs/benchmarks.md, "Findings:
      // pnpm-lock.yaml, third pass"). ` #` at i is `#` at i + 1.
      const text = this.text;
      let at = text.indexOf('#', from + 1);
      while (at >= 0 && text.charCodeAt(at - 1) !== SPACE) at = text.indexOf('#', at + 1);
      this.hashAt = at < 0 ? text.length : at - 1;
    }
    return this.hashAt;
  }

  private nextBackslash(from: number): number {
    if (this.backslashAt < from) this.backslashAt = indexOrLength(this.text, '\\', from);
    return this.backslashAt;
  }

  /** Reads a block key into `keyStart`, `keyEnd` and the key's text; returns the offset of its `:`. */
  private readKey(at: number, end: number): number {
    const text = this.text;
    const c = text.charCodeAt(at);
    this.keyStart = at;
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const after = this.quoted(at, end);
      if (text.charCodeAt(after) !== COLON) throw GIVE_UP;
      if (after + 1 < end && text.charCodeAt(after + 1) !== SPACE) throw GIVE_UP;
      this.keyEnd = after;
      this.keyString = this.decoded;
      this.keyTextStart = this.decoded === undefined ? at + 1 : -1;
      this.keyTextEnd = this.decoded === undefined ? after - 1 : -1;
      return after;
    }
    if (!plainStart(text, at, end, false)) throw GIVE_UP;
    let colon = text.indexOf(':', at);
    while (colon >= 0 && colon < end && colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) colon = text.indexOf(':', colon + 1);
    if (colon < 0 || colon >= end) throw GIVE_UP;
    const keyEnd = trimmedEnd(text, at, colon);
    if (keyEnd === at || this.nextHash(at) <= keyEnd - 2) throw GIVE_UP;
    this.keyString = undefined;
    this.keyEnd = keyEnd;
    this.keyTextStart = at;
    this.keyTextEnd = keyEnd;
    return colon;
  }

  /**
   * Past the closing quote of the scalar quoted at `at`. `decoded` is its value when escapes or
   * doubled quotes make it differ from the text between the quotes, else undefined.
   */
  private quoted(at: number, end: number): number {
    const text = this.text;
    this.decoded = undefined;
    if (text.charCodeAt(at) === DOUBLE_QUOTE) {
      let close = text.indexOf('"', at + 1);
      while (close >= 0 && close < end) {
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      if (close < 0 || close >= end) throw GIVE_UP;
      if (this.nextBackslash(at + 1) < close) {
        const raw = text.slice(at + 1, close);
        // JSON's escapes are a subset of YAML's; anything else (\x41, \e, \N…) goes to the library.
        if (/\\[^"\\/bfnrtu]/.test(raw)) throw GIVE_UP;
        try {
          this.decoded = JSON.parse(`"${raw}"`) as string;
        } catch {
          throw GIVE_UP;
        }
      }
      return close + 1;
    }
    let close = text.indexOf("'", at + 1);
    let doubled = false;
    while (close >= 0 && close < end && text.charCodeAt(close + 1) === SINGLE_QUOTE) {
      doubled = true;
      close = text.indexOf("'", close + 2);
    }
    if (close < 0 || close >= end) throw GIVE_UP;
    if (doubled) this.decoded = text.slice(at + 1, close).replace(/''/g, "'");
    return close + 1;
  }

  /** A quoted scalar inside a flow collection into `built` (when building, else its span when the text holds it as it is); where it ends. */
  private quotedValue(at: number, end: number, build: boolean): number {
    const after = this.quoted(at, end);
    if (build) this.built = this.decoded ?? this.text.slice(at + 1, after - 1);
    else if (this.decoded === undefined) this.scalarAt(at + 1, after - 1);
    else this.scalarAt(-1, -1);
    return after;
  }

  /** The span of the flow scalar just checked (-1: not a scalar as it stands in the text), for `flowPairIs`. */
  private scalarAt(start: number, end: number): void {
    this.scalarStart = start;
    this.scalarEnd = end;
  }

  /**
   * A one-line flow mapping or sequence (nesting allowed, to a depth no lockfile comes near), into
   * `built`; returns where it ends. With `build` false it is only checked (the same GIVE_UPs, no
   * Map, array or string made); a mapping with a second key is then built after all, since
   * refusing a duplicate key needs its keys.
   */
  private flow(at: number, end: number, depth: number, build: boolean): number {
    // Deeper than any lockfile writes: leave it to the library path, which refuses it plainly.
    if (depth > MAX_FLOW_DEPTH) throw GIVE_UP;
    const text = this.text;
    const isMap = text.charCodeAt(at) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const map: YamlMap | undefined = build && isMap ? new Map() : undefined;
    const list: YamlValue[] | undefined = build && !isMap ? [] : undefined;
    let keys = 0;
    let p = this.flowSpace(at + 1, end);
    for (let first = true; ; first = false) {
      if (first && text.charCodeAt(p) === close) break;
      if (isMap) {
        let key = '';
        const c = text.charCodeAt(p);
        if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
          p = this.flowSpace(this.quotedValue(p, end, build), end);
          if (build) key = this.built as string;
          if (text.charCodeAt(p) !== COLON) throw GIVE_UP;
        } else {
          const start = p;
          if (!plainStart(text, p, end, true)) throw GIVE_UP;
          for (; p < end; p++) {
            const k = text.charCodeAt(p);
            if ((k === COLON && isFlowBreak(text.charCodeAt(p + 1))) || isFlowIndicator(k)) break;
            // ` #` starts a comment in a flow key too (the rest of the line), as in a value below.
            if (k === HASH && text.charCodeAt(p - 1) === SPACE) throw GIVE_UP;
          }
          if (text.charCodeAt(p) !== COLON) throw GIVE_UP;
          if (build) key = text.slice(start, p).trimEnd();
          else this.scalarAt(start, trimmedEnd(text, start, p));
        }
        p = this.flowSpace(p + 1, end);
        if (!build && keys > 0) {
          this.flowKeyStart = -1; // a second key: not a single pair
          return this.flow(at, end, depth, true);
        }
        keys++;
        if (map !== undefined && map.has(key)) throw GIVE_UP;
        if (!build && depth === 0) {
          this.flowKeyStart = this.scalarStart;
          this.flowKeyEnd = this.scalarEnd;
        }
        p = this.flowValue(p, end, depth, build);
        if (!build && depth === 0) {
          this.flowValueStart = this.scalarStart;
          this.flowValueEnd = this.scalarEnd;
        }
        map?.set(key, this.built);
      } else {
        p = this.flowValue(p, end, depth, build);
        list?.push(this.built);
      }
      p = this.flowSpace(p, end);
      const c = text.charCodeAt(p);
      if (c === close) break;
      if (c !== COMMA) throw GIVE_UP;
      p = this.flowSpace(p + 1, end);
      if (text.charCodeAt(p) === close) throw GIVE_UP; // trailing comma: leave it to the library
    }
    if (build) this.built = map ?? (list as YamlValue[]);
    return p + 1;
  }

  private flowValue(p: number, end: number, depth: number, build: boolean): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) return this.quotedValue(p, end, build);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const after = this.flow(p, end, depth + 1, build);
      this.scalarAt(-1, -1);
      return after;
    }
    if (!plainStart(text, p, end, true)) throw GIVE_UP;
    const start = p;
    for (;;) {
      // Runs of characters that need no look are passed by the regular expression engine, not one
      // by one here: a pnpm entry's integrity is ~90 of them (docs/benchmarks.md, "Findings:
      // pnpm-lock.yaml, third pass"). The run stops at a line break, so never past `end`.
      PLAIN_FLOW_RUN.lastIndex = p;
      PLAIN_FLOW_RUN.test(text);
      p = PLAIN_FLOW_RUN.lastIndex;
      if (p >= end) {
        p = end;
        break;
      }
      const c = text.charCodeAt(p);
      if (isFlowIndicator(c)) break;
      if (c === COLON && isFlowBreak(text.charCodeAt(p + 1))) throw GIVE_UP;
      if (c === HASH && text.charCodeAt(p - 1) === SPACE) throw GIVE_UP;
      p++;
    }
    if (build) this.built = text.slice(start, p).trimEnd();
    else this.scalarAt(start, trimmedEnd(text, start, p));
    return p;
  }

  private flowSpace(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p >= end) throw GIVE_UP;
    return p;
  }
}

/**
 * Whether `: ` stands in text[from, end), read within the line: a plain value is a few characters,
 * and a search of the text from it (the next `: ` is on the next line) was a call per value line
 * that cost more than the value (docs/benchmarks.md, "Findings: pnpm-lock.yaml, third pass").
 */
function hasPair(text: string, from: number, end: number): boolean {
  for (let i = from; i < end - 1; i++) if (text.charCodeAt(i) === COLON && text.charCodeAt(i + 1) === SPACE) return true;
  return false;
}

function indexOrLength(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  return at < 0 ? text.length : at;
}

/** Where `text.slice(start, end).trimEnd()` ends (the whitespace and line terminators trimEnd removes). */
export function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
  return end;
}

export function isTrimmed(c: number): boolean {
  if (c === SPACE) return true;
  if (c < 0xa0) return c >= 0x09 && c <= 0x0d;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters of a plain flow scalar that need no look (not a flow indicator, `:`, `#` or a line break). */
const PLAIN_FLOW_RUN = /[^,[\]{}:#\n\r]*/y;

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

function isFlowBreak(c: number): boolean {
  return c === SPACE || isFlowIndicator(c) || Number.isNaN(c);
}

/** Characters a plain scalar may not start with (YAML's indicators; this subset also refuses `-`, `?`, `:`), by code. */
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of '-?:,[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

/** A plain scalar may not start with an indicator (a table, not a string search: this runs for every key and value). */
function plainStart(text: string, at: number, end: number, inFlow: boolean): boolean {
  if (at >= end) return false;
  const c = text.charCodeAt(at);
  if (c < 128 && NOT_PLAIN_START[c] === 1) return false;
  return !(inFlow && c === SPACE);
}
