/**
 * Entry keys of a YAML lockfile, found by text spans: a hash table whose keys are offsets into the
 * lockfile text (or, for a key the text does not hold as it is, a string), looked up with a span,
 * a string, or `name@reference` given as two spans, without making a string for any of them.
 *
 * Why: a 10 MB pnpm-lock.yaml or yarn.lock has ~30,000 entries and ~100,000 dependency edges;
 * through a Map every entry key was a string kept alive until the tree was built, and every edge
 * built `name@reference` to look it up. Those strings, and the garbage collection of them, were
 * the largest part of the parse that a cursor over the lines did not remove (docs/benchmarks.md,
 * issue 14 item 6). A key's hash is the same however it is given (span, string, pair), so each
 * form finds what the others added.
 */

import type { YamlCursor } from './lockYamlCursor';

/** FNV-1a over UTF-16 code units. */
const SEED = 0x811c9dc5 | 0;
const PRIME = 0x01000193;

function hashOf(source: string, start: number, end: number, hash: number): number {
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ source.charCodeAt(i), PRIME);
  return hash;
}

export class KeyTable {
  /** Per key: start and end in the text, or a negative start −1−k for strings[k]. */
  private starts = new Int32Array(1024);
  private ends = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private readonly strings: string[] = [];
  /** Open addressing: key index + 1, 0 for a free slot. */
  private slots = new Int32Array(2048);
  private count = 0;

  constructor(private readonly text: string) {}

  get size(): number {
    return this.count;
  }

  /** Adds the key at text[start, end); its index, or −1 when the table already holds it. */
  addSpan(start: number, end: number): number {
    const hash = hashOf(this.text, start, end, SEED);
    if (this.findSpan(this.text, start, end, hash) >= 0) return -1;
    return this.insert(start, end, hash);
  }

  /** Adds a key given as a string; its index, or −1 when the table already holds it. */
  addString(key: string): number {
    const hash = hashOf(key, 0, key.length, SEED);
    if (this.findSpan(key, 0, key.length, hash) >= 0) return -1;
    this.strings.push(key);
    return this.insert(-this.strings.length, 0, hash);
  }

  /** The index of the key `source[start, end)` (source: the lockfile text or any string), or −1. */
  find(source: string, start: number, end: number): number {
    return this.findSpan(source, start, end, hashOf(source, start, end, SEED));
  }

  findString(key: string): number {
    return this.find(key, 0, key.length);
  }

  /** The index of the key `a[aStart, aEnd) + '@' + b[bStart, bEnd)`, or −1. */
  findPair(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number): number {
    return this.findJoined(a, aStart, aEnd, '@', b, bStart, bEnd);
  }

  /** The index of the key `a[aStart, aEnd) + join + b[bStart, bEnd)`, or −1. */
  findJoined(a: string, aStart: number, aEnd: number, join: string, b: string, bStart: number, bEnd: number): number {
    const hash = hashOf(b, bStart, bEnd, hashOf(join, 0, join.length, hashOf(a, aStart, aEnd, SEED)));
    const aLength = aEnd - aStart;
    const length = aLength + join.length + bEnd - bStart;
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] - 1;
      if (index < 0) return -1;
      if (this.hashes[index] !== hash) continue;
      const source = this.sourceOf(index);
      const start = this.startOf(index);
      if (this.endOf(index) - start !== length) continue;
      const split = start + aLength;
      if (same(source, start, a, aStart, aLength) && same(source, split, join, 0, join.length) && same(source, split + join.length, b, bStart, bEnd - bStart)) return index;
    }
  }

  /** Whether key `index` is `source[start, end)` (as `find` would answer `index`, without hashing). */
  is(index: number, source: string, start: number, end: number): boolean {
    if (index >= this.count) return false;
    const keyStart = this.startOf(index);
    return this.endOf(index) - keyStart === end - start && same(this.sourceOf(index), keyStart, source, start, end - start);
  }

  /** The key as a string (a slice of the text for a span). */
  key(index: number): string {
    const start = this.starts[index];
    return start < 0 ? this.strings[-1 - start] : this.text.slice(start, this.ends[index]);
  }

  /** Where the key stands: in the text (its span), or in its own string ([0, length)). */
  sourceOf(index: number): string {
    const start = this.starts[index];
    return start < 0 ? this.strings[-1 - start] : this.text;
  }

  startOf(index: number): number {
    return Math.max(this.starts[index], 0);
  }

  endOf(index: number): number {
    const start = this.starts[index];
    return start < 0 ? this.strings[-1 - start].length : this.ends[index];
  }

  private findSpan(source: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = this.slots[slot] - 1;
      if (index < 0) return -1;
      if (this.hashes[index] !== hash) continue;
      const keyStart = this.startOf(index);
      if (this.endOf(index) - keyStart === length && same(this.sourceOf(index), keyStart, source, start, length)) return index;
    }
  }

  private insert(start: number, end: number, hash: number): number {
    if (this.count === this.starts.length) this.growKeys();
    const index = this.count++;
    this.starts[index] = start;
    this.ends[index] = end;
    this.hashes[index] = hash;
    // Kept at most half full, so a probe ends soon at a free slot.
    if (2 * this.count > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(index);
    return index;
  }

  private place(index: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[index] & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = index + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let i = 0; i < this.count; i++) this.place(i);
  }

  private growKeys(): void {
    const grow = (from: Int32Array) => {
      const bigger = new Int32Array(from.length * 2);
      bigger.set(from);
      return bigger;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    this.hashes = grow(this.hashes);
  }
}

function same(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a.charCodeAt(aStart + i) !== b.charCodeAt(bStart + i)) return false;
  return true;
}

/**
 * Dependencies as name and reference pairs, kept as offsets into the lockfile text where the text
 * holds them as they are (almost always), else as strings. Why offsets: ~100,000 edges in a 10 MB
 * lockfile (pnpm, yarn Berry) were 200,000 strings that lived until the tree was built, and copying them in every
 * minor garbage collection was most of the parse (docs/benchmarks.md, issue 14 item 6).
 */
export class DepList {
  /** Per pair: name start, name end, reference start, reference end; a negative name start −1−k means strings[k], strings[k+1]. */
  private at = new Int32Array(4096);
  private length = 0;
  private readonly strings: string[] = [];

  constructor(readonly text: string) {}

  get size(): number {
    return this.length >> 2;
  }

  /** Pair i stands in the text as name and reference spans (else it is a pair of strings). */
  isSpan(i: number): boolean {
    return this.at[4 * i] >= 0;
  }

  /** The spans of a pair that `isSpan`: name start, name end, reference start, reference end. */
  span(i: number, field: 0 | 1 | 2 | 3): number {
    return this.at[4 * i + field];
  }

  addSpans(nameStart: number, nameEnd: number, refStart: number, refEnd: number): void {
    if (this.length + 4 > this.at.length) this.grow();
    const at = this.at;
    const n = this.length;
    at[n] = nameStart;
    at[n + 1] = nameEnd;
    at[n + 2] = refStart;
    at[n + 3] = refEnd;
    this.length = n + 4;
  }

  addStrings(name: string, ref: string): void {
    this.addSpans(-1 - this.strings.length, 0, 0, 0);
    this.strings.push(name, ref);
  }

  name(i: number): string {
    const start = this.at[4 * i];
    return start < 0 ? this.strings[-1 - start] : this.text.slice(start, this.at[4 * i + 1]);
  }

  ref(i: number): string {
    const start = this.at[4 * i];
    return start < 0 ? this.strings[-start] : this.text.slice(this.at[4 * i + 2], this.at[4 * i + 3]);
  }

  private grow(): void {
    const bigger = new Int32Array(this.at.length * 2);
    bigger.set(this.at);
    this.at = bigger;
  }
}

/** Past this many keys a block's duplicate check uses a Set (an entry has a few fields and dependencies). */
const LINEAR_KEYS = 32;

/**
 * The keys of one block mapping, checked unique as the cursor meets them (a duplicate key is an
 * error in YAML; the readers then leave the file to the generic reading, which refuses it). Keys
 * are compared as text spans, with no string each; as strings from the first key the text does
 * not hold as it is (escapes), or once the block is long.
 */
export class BlockKeys {
  /**
   * Start and end of each key, in [0, used): kept between blocks, not truncated, since `length = 0`
   * frees an array's store and the next block's first key allocates another (two a pnpm entry, ~7 MB
   * per 10 MB lockfile: docs/benchmarks.md, "Findings: pnpm-lock.yaml, third pass").
   */
  private readonly spans: number[] = [];
  private used = 0;
  private names: Set<string> | undefined = undefined;
  private count = 0;

  constructor(private readonly text: string) {}

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.used = 0;
    this.names = undefined;
    this.count = 0;
  }

  /** Adds the cursor's key; false when the block already had it. */
  add(c: YamlCursor): boolean {
    const text = this.text;
    const spans = this.spans;
    const start = c.keyTextStart;
    const end = c.keyTextEnd;
    this.count++;
    if (start < 0 && this.names === undefined) this.names = this.toSet();
    if (this.names !== undefined) {
      const name = c.key;
      if (this.names.has(name)) return false;
      this.names.add(name);
      return true;
    }
    const used = this.used;
    for (let i = 0; i < used; i += 2) if (spans[i + 1] - spans[i] === end - start && same(text, spans[i], text, start, end - start)) return false;
    spans[used] = start;
    spans[used + 1] = end;
    this.used = used + 2;
    if (this.used >= 2 * LINEAR_KEYS) this.names = this.toSet();
    return true;
  }

  private toSet(): Set<string> {
    const names = new Set<string>();
    for (let i = 0; i < this.used; i += 2) names.add(this.text.slice(this.spans[i], this.spans[i + 1]));
    return names;
  }
}
