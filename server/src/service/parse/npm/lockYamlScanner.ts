/**
 * A targeted reader for the YAML that pnpm and yarn Berry write into their lockfiles: block
 * mappings by indentation, block sequences of scalars, one-line flow collections, plain and quoted
 * scalars, comments. Every scalar is a string (the YAML failsafe schema: `1.10` stays `1.10`).
 *
 * Why not only the `yaml` library: on this machine it reads a 10 MB pnpm-lock.yaml at a few MB/s
 * (docs/decisions.md has the figures), far from the 50 MB/s every lockfile parser must reach. This
 * scanner walks lines with native searches and builds only Maps, arrays and strings.
 *
 * Anything outside that subset (anchors, aliases, tags, block scalars, multi-line flow or quoted
 * scalars, tabs, document markers, duplicate keys, odd indentation) makes it give up and return
 * undefined; lockYaml.ts then hands the text to the library, which reads or rejects it with
 * positions. A property test (test/unit/parse/lockYaml.property.test.ts) shows both agree.
 */

import * as charCodes from '../charCodes';

const { BACKSLASH, BYTE_ORDER_MARK, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, CR, DASH, DOUBLE_QUOTE, HASH, NEWLINE, OPEN_BRACE, OPEN_BRACKET, PERCENT, SINGLE_QUOTE, SPACE, TAB } = charCodes;

export type YamlValue = string | YamlMap | YamlValue[];
export type YamlMap = Map<string, YamlValue>;

export interface YamlRead {
  root: YamlMap;
  /** Offsets of keys at depth 0 (`key`) and depth 1 (`parent\nkey`): lockfile entries' ranges. */
  keySpans: Map<string, [number, number]>;
}

class GiveUp extends Error {}
const GIVE_UP = new GiveUp('outside the lockfile YAML subset');

interface Frame {
  indent: number;
  container: YamlMap | YamlValue[];
  /** 0 for the root mapping; keys at depth 0 and 1 have their offsets kept. */
  depth: number;
  /** The key that holds this container (for depth-1 offsets). */
  parentKey: string;
}

/**
 * `skip`: keys whose values nobody reads (at depth ≥ 2); their lines are jumped over unread. The
 * result then lacks those keys, so the property test runs without it.
 */
export function scanLockYaml(text: string, skip?: ReadonlySet<string>): YamlRead | undefined {
  try {
    return new Scanner(text, skip).read();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Flow collections nested deeper than this are not a lockfile (pnpm nests them at most twice). */
const MAX_FLOW_DEPTH = 32;

class Scanner {
  private readonly keySpans = new Map<string, [number, number]>();

  constructor(
    private readonly text: string,
    private readonly skip: ReadonlySet<string> | undefined,
  ) {}

  read(): YamlRead {
    const text = this.text;
    // Package managers never write tabs; YAML's rules for them (separation yes, indentation no) are the library's job.
    if (text.includes('\t')) throw GIVE_UP;
    const root: YamlMap = new Map();
    const stack: Frame[] = [{ indent: 0, container: root, depth: 0, parentKey: '' }];
    let pending: { map: YamlMap; key: string; indent: number; depth: number } | undefined;
    let pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    let rootIndentSet = false;
    while (pos < text.length) {
      let eol = text.indexOf('\n', pos);
      if (eol < 0) eol = text.length;
      let end = eol;
      if (end > pos && text.charCodeAt(end - 1) === CR) end--;
      let at = pos;
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      const lineStart = pos;
      pos = eol + 1;
      if (at === end || text.charCodeAt(at) === HASH) continue;
      if (text.charCodeAt(at) === TAB) throw GIVE_UP;
      const indent = at - lineStart;
      if (indent === 0 && (text.startsWith('---', at) || text.startsWith('...', at) || text.charCodeAt(at) === PERCENT)) throw GIVE_UP;
      if (!rootIndentSet) {
        if (indent !== 0) throw GIVE_UP;
        rootIndentSet = true;
      }
      const isItem = text.charCodeAt(at) === DASH && (at + 1 === end || text.charCodeAt(at + 1) === SPACE);
      if (pending) {
        const { map, key, indent: parentIndent, depth } = pending;
        pending = undefined;
        if (indent > parentIndent) {
          const container: YamlMap | YamlValue[] = isItem ? [] : new Map();
          map.set(key, container);
          stack.push({ indent, container, depth: depth + 1, parentKey: key });
        } else {
          map.set(key, '');
        }
      }
      while (stack[stack.length - 1].indent > indent) stack.pop();
      const frame = stack[stack.length - 1];
      if (frame.indent !== indent) throw GIVE_UP;
      const container = frame.container;
      if (isItem) {
        if (!Array.isArray(container)) throw GIVE_UP;
        let v = at + 1;
        while (v < end && text.charCodeAt(v) === SPACE) v++;
        if (v === end) throw GIVE_UP; // a nested block under `-`
        const [value, after] = this.value(v, end);
        this.lineEnd(after, end);
        if (typeof value === 'string' && this.looksLikePair(v, end)) throw GIVE_UP;
        container.push(value);
        continue;
      }
      if (Array.isArray(container)) throw GIVE_UP;
      const [key, colon, keyEnd] = this.key(at, end);
      if (container.has(key)) throw GIVE_UP;
      if (frame.depth === 0) this.keySpans.set(key, [at, keyEnd]);
      else if (frame.depth === 1) this.keySpans.set(`${frame.parentKey}\n${key}`, [at, keyEnd]);
      let v = colon + 1;
      while (v < end && text.charCodeAt(v) === SPACE) v++;
      if (v === end || text.charCodeAt(v) === HASH) {
        if (v < end && text.charCodeAt(v - 1) !== SPACE) throw GIVE_UP;
        if (this.skip !== undefined && frame.depth >= 2 && this.skip.has(key)) {
          pos = this.skipBlock(pos, indent);
          continue;
        }
        pending = { map: container, key, indent, depth: frame.depth };
        continue;
      }
      const [value, after] = this.value(v, end);
      this.lineEnd(after, end);
      if (typeof value === 'string' && this.looksLikePair(v, end)) throw GIVE_UP;
      container.set(key, value);
    }
    if (pending) pending.map.set(pending.key, '');
    return { root, keySpans: this.keySpans };
  }

  /** Past the lines indented deeper than `indent` (a skipped key's block). */
  private skipBlock(pos: number, indent: number): number {
    const text = this.text;
    while (pos < text.length) {
      let at = pos;
      while (text.charCodeAt(at) === SPACE) at++;
      const c = text.charCodeAt(at);
      const blank = c === NEWLINE || c === CR || at >= text.length || c === HASH;
      if (!blank && at - pos <= indent) return pos;
      const eol = text.indexOf('\n', at);
      pos = eol < 0 ? text.length : eol + 1;
    }
    return pos;
  }

  /** A block key, the offset of its `:` and where the key's own text ends. */
  private key(at: number, end: number): [string, number, number] {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      const [key, after] = c === DOUBLE_QUOTE ? this.doubleQuoted(at, end) : this.singleQuoted(at, end);
      if (text.charCodeAt(after) !== COLON) throw GIVE_UP;
      if (after + 1 < end && text.charCodeAt(after + 1) !== SPACE) throw GIVE_UP;
      return [key, after, after];
    }
    if (!plainStart(text, at, end, false)) throw GIVE_UP;
    let colon = text.indexOf(':', at);
    while (colon >= 0 && colon < end && colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE) colon = text.indexOf(':', colon + 1);
    if (colon < 0 || colon >= end) throw GIVE_UP;
    const key = text.slice(at, colon).trimEnd();
    if (key.includes(' #') || key.length === 0) throw GIVE_UP;
    return [key, colon, at + key.length];
  }

  /** A value starting at `at`: quoted, flow or plain; returns it and where it ends. */
  private value(at: number, end: number): [YamlValue, number] {
    const c = this.text.charCodeAt(at);
    if (c === DOUBLE_QUOTE) return this.doubleQuoted(at, end);
    if (c === SINGLE_QUOTE) return this.singleQuoted(at, end);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.flow(at, end);
    if (!plainStart(this.text, at, end, false)) throw GIVE_UP;
    // A plain scalar runs to the end of the line or a ` #` comment (searched within the line only:
    // a search to the end of the text made every value cost the rest of the file).
    const line = this.text.slice(at, end);
    const hash = line.indexOf(' #');
    const stop = hash >= 0 ? at + hash : end;
    return [(hash >= 0 ? line.slice(0, hash) : line).trimEnd(), stop];
  }

  /** `key: value` inside a plain value is a nested mapping in YAML: not this subset. */
  private looksLikePair(at: number, end: number): boolean {
    const c = this.text.charCodeAt(at);
    if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE || c === OPEN_BRACE || c === OPEN_BRACKET) return false;
    return this.text.slice(at, end).includes(': ') || this.text.charCodeAt(end - 1) === COLON;
  }

  /** Only spaces or a comment may follow a value. */
  private lineEnd(at: number, end: number): void {
    const text = this.text;
    while (at < end && text.charCodeAt(at) === SPACE) at++;
    if (at < end && (text.charCodeAt(at) !== HASH || text.charCodeAt(at - 1) !== SPACE)) throw GIVE_UP;
  }

  private doubleQuoted(at: number, end: number): [string, number] {
    const text = this.text;
    let close = text.indexOf('"', at + 1);
    while (close >= 0 && close < end) {
      let backslashes = 0;
      while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) break;
      close = text.indexOf('"', close + 1);
    }
    if (close < 0 || close >= end) throw GIVE_UP;
    const raw = text.slice(at + 1, close);
    if (!raw.includes('\\')) return [raw, close + 1];
    // JSON's escapes are a subset of YAML's; anything else (\x41, \e, \N…) goes to the library.
    if (/\\[^"\\/bfnrtu]/.test(raw)) throw GIVE_UP;
    try {
      return [JSON.parse(`"${raw}"`) as string, close + 1];
    } catch {
      throw GIVE_UP;
    }
  }

  private singleQuoted(at: number, end: number): [string, number] {
    const text = this.text;
    let close = text.indexOf("'", at + 1);
    let doubled = false;
    while (close >= 0 && close < end && text.charCodeAt(close + 1) === SINGLE_QUOTE) {
      doubled = true;
      close = text.indexOf("'", close + 2);
    }
    if (close < 0 || close >= end) throw GIVE_UP;
    const raw = text.slice(at + 1, close);
    return [doubled ? raw.replace(/''/g, "'") : raw, close + 1];
  }

  /** A one-line flow mapping or sequence (nesting allowed, to a depth no lockfile comes near). */
  private flow(at: number, end: number, depth = 0): [YamlValue, number] {
    // Deeper than any lockfile writes: leave it to the library path, which refuses it plainly.
    if (depth > MAX_FLOW_DEPTH) throw GIVE_UP;
    const text = this.text;
    const isMap = text.charCodeAt(at) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const map: YamlMap = new Map();
    const list: YamlValue[] = [];
    let p = this.flowSpace(at + 1, end);
    if (text.charCodeAt(p) === close) return [isMap ? map : list, p + 1];
    for (;;) {
      if (isMap) {
        let key: string;
        const c = text.charCodeAt(p);
        if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
          [key, p] = c === DOUBLE_QUOTE ? this.doubleQuoted(p, end) : this.singleQuoted(p, end);
          p = this.flowSpace(p, end);
          if (text.charCodeAt(p) !== COLON) throw GIVE_UP;
        } else {
          const start = p;
          if (!plainStart(text, p, end, true)) throw GIVE_UP;
          while (p < end && !(text.charCodeAt(p) === COLON && isFlowBreak(text.charCodeAt(p + 1))) && !isFlowIndicator(text.charCodeAt(p))) p++;
          if (text.charCodeAt(p) !== COLON) throw GIVE_UP;
          key = text.slice(start, p).trimEnd();
        }
        p = this.flowSpace(p + 1, end);
        if (map.has(key)) throw GIVE_UP;
        let value: YamlValue;
        [value, p] = this.flowValue(p, end, depth);
        map.set(key, value);
      } else {
        let value: YamlValue;
        [value, p] = this.flowValue(p, end, depth);
        list.push(value);
      }
      p = this.flowSpace(p, end);
      const c = text.charCodeAt(p);
      if (c === close) return [isMap ? map : list, p + 1];
      if (c !== COMMA) throw GIVE_UP;
      p = this.flowSpace(p + 1, end);
      if (text.charCodeAt(p) === close) throw GIVE_UP; // trailing comma: leave it to the library
    }
  }

  private flowValue(p: number, end: number, depth: number): [YamlValue, number] {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DOUBLE_QUOTE) return this.doubleQuoted(p, end);
    if (c === SINGLE_QUOTE) return this.singleQuoted(p, end);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) return this.flow(p, end, depth + 1);
    if (!plainStart(text, p, end, true)) throw GIVE_UP;
    const start = p;
    while (p < end && !isFlowIndicator(text.charCodeAt(p))) {
      if (text.charCodeAt(p) === COLON && isFlowBreak(text.charCodeAt(p + 1))) throw GIVE_UP;
      if (text.charCodeAt(p) === HASH && text.charCodeAt(p - 1) === SPACE) throw GIVE_UP;
      p++;
    }
    return [text.slice(start, p).trimEnd(), p];
  }

  private flowSpace(p: number, end: number): number {
    while (p < end && this.text.charCodeAt(p) === SPACE) p++;
    if (p >= end) throw GIVE_UP;
    return p;
  }
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE;
}

function isFlowBreak(c: number): boolean {
  return c === SPACE || isFlowIndicator(c) || Number.isNaN(c);
}

/** A plain scalar may not start with an indicator; this subset also refuses `-`, `?`, `:` there. */
function plainStart(text: string, at: number, end: number, inFlow: boolean): boolean {
  if (at >= end) return false;
  const c = text.charCodeAt(at);
  if ('-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCharCode(c))) return false;
  return !(inFlow && c === SPACE);
}
