/**
 * A string → integer table that can also be asked with a key that is still text in the lockfile:
 * one range of it (bun.lock: a dependency name asks for the package key), or two ranges joined by one
 * character (yarn classic: a dependency line `"name" "range"` asks for the header descriptor
 * `name@range`; bun.lock: `<parent key>/<name>`), compared in place, so no key string is built per lookup.
 *
 * Why not a Map: asking a Map needs the key as one flat string — two slices, a concatenation and
 * its flattening per edge, then hashing it — and for a 10 MB yarn.lock those lookups plus the Map's
 * own growth were ~75 ms of a ~400 ms parse (docs/decisions.md, "yarn classic: a one-pass reader for
 * the lines yarn writes"). Here the slots, hashes and values are typed arrays (outside the collected
 * heap); a key is kept as the string it was set as, or as a range of a text (`setSpan`).
 *
 * Semantics are a Map's for `set` and `setSpan` (a later value replaces an earlier one, the key keeps its place),
 * `get`, `has` and `forEach` (insertion order), with ABSENT (-1) as `get`'s answer for a missing key,
 * so -1 is never stored; `test/unit/parse/spanTable.property.test.ts` holds it to a Map on random keys.
 */
const EMPTY = 0;

/** What `get` and `getJoined` answer for a key that is not in the table; never a stored value. */
export const ABSENT = -1;

export class SpanTable {
  /**
   * Per key: the string it is a range of, and that range. A key set as a string is the whole of
   * itself; one set by `setSpan` is a range of the caller's text, so no string is made for it (yarn
   * classic's ~57,000 header descriptors: each a string that survived the read and was copied by the
   * collector, docs/benchmarks.md, "Findings: yarn classic importers and lazy pins").
   */
  private sources: string[] = [];
  private starts: Int32Array = new Int32Array(64);
  private ends: Int32Array = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  private values: Int32Array = new Int32Array(64);
  /** Open addressing, linear probing: key index + 1 per slot, EMPTY where free; at most half full. */
  private slots = new Int32Array(128);

  get size(): number {
    return this.sources.length;
  }

  /** Sets `key`'s value; answers the key's index (its place in `forEach` order, see `indexOf`). */
  set(key: string, value: number): number {
    return this.setSpan(key, 0, key.length, value);
  }

  /** `set` of the key `text[start, end)`, kept as that range of `text` (which must not change: strings do not). */
  setSpan(text: string, start: number, end: number, value: number): number {
    const hash = hashOf(text, start, end, FNV_OFFSET);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return this.add(slot, text, start, end, hash, value);
      if (this.hashes[held - 1] === hash && this.equals(held - 1, text, start, end)) {
        this.values[held - 1] = value;
        return held - 1;
      }
    }
  }

  get(key: string): number {
    return this.getSpan(key, 0, key.length);
  }

  /**
   * The key's index, or ABSENT: keys are numbered 0, 1, … in the order they were first set, so a
   * caller can keep more per key in arrays of its own (yarnClassicReader.ts, the importer's nodes).
   */
  indexOf(key: string): number {
    return this.indexOfSpan(key, 0, key.length);
  }

  /** The key of index `index` (0 ≤ index < size), made when it was set as a range. */
  keyAt(index: number): string {
    const source = this.sources[index];
    const start = this.starts[index];
    const end = this.ends[index];
    return start === 0 && end === source.length ? source : source.slice(start, end);
  }

  has(key: string): boolean {
    return this.get(key) !== ABSENT;
  }

  /** Every key with its value, in the order the keys were first set. */
  forEach(visit: (value: number, key: string) => void): void {
    for (let index = 0; index < this.sources.length; index++) visit(this.values[index], this.keyAt(index));
  }

  /** The value of the key `text[start, end)`, or ABSENT; the key is never built. */
  getSpan(text: string, start: number, end: number): number {
    const index = this.indexOfSpan(text, start, end);
    return index === ABSENT ? ABSENT : this.values[index];
  }

  /**
   * The value of the key `text[aStart, aEnd) + separator + text[bStart, bEnd)`, or ABSENT;
   * the key is never built.
   */
  getJoined(text: string, aStart: number, aEnd: number, separator: number, bStart: number, bEnd: number): number {
    let hash = hashOf(text, aStart, aEnd, FNV_OFFSET);
    hash = Math.imul(hash ^ separator, FNV_PRIME);
    hash = hashOf(text, bStart, bEnd, hash);
    const length = aEnd - aStart + 1 + (bEnd - bStart);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return ABSENT;
      const index = held - 1;
      if (this.hashes[index] !== hash || this.ends[index] - this.starts[index] !== length) continue;
      if (joinedEquals(this.sources[index], this.starts[index], text, aStart, aEnd, separator, bStart, bEnd)) return this.values[index];
    }
  }

  private indexOfSpan(text: string, start: number, end: number): number {
    const hash = hashOf(text, start, end, FNV_OFFSET);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return ABSENT;
      if (this.hashes[held - 1] === hash && this.equals(held - 1, text, start, end)) return held - 1;
    }
  }

  /** Whether key `index` is `text[start, end)`: a native comparison where either side is a whole string. */
  private equals(index: number, text: string, start: number, end: number): boolean {
    const source = this.sources[index];
    const from = this.starts[index];
    const length = end - start;
    if (this.ends[index] - from !== length) return false;
    if (from === 0 && length === source.length) return text.startsWith(source, start);
    if (start === 0 && length === text.length) return source.startsWith(text, from);
    for (let k = 0; k < length; k++) if (source.charCodeAt(from + k) !== text.charCodeAt(start + k)) return false;
    return true;
  }

  private add(slot: number, source: string, start: number, end: number, hash: number, value: number): number {
    const index = this.sources.length;
    this.sources.push(source);
    if (index === this.hashes.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
      this.hashes = grown(this.hashes);
      this.values = grown(this.values);
    }
    this.starts[index] = start;
    this.ends[index] = end;
    this.hashes[index] = hash;
    this.values[index] = value;
    this.slots[slot] = index + 1;
    if (2 * this.sources.length > this.slots.length) this.rehash();
    return index;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.sources.length; index++) {
      let slot = this.hashes[index] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, continuing from `hash`. */
function hashOf(text: string, start: number, end: number, hash: number): number {
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}

/** Whether `key[k…]` (of the joined length, checked by the caller) is `text[aStart, aEnd) + separator + text[bStart, bEnd)`. */
function joinedEquals(key: string, k: number, text: string, aStart: number, aEnd: number, separator: number, bStart: number, bEnd: number): boolean {
  for (let i = aStart; i < aEnd; i++) if (key.charCodeAt(k++) !== text.charCodeAt(i)) return false;
  if (key.charCodeAt(k++) !== separator) return false;
  for (let i = bStart; i < bEnd; i++) if (key.charCodeAt(k++) !== text.charCodeAt(i)) return false;
  return true;
}

function grown(values: Int32Array): Int32Array {
  const next = new Int32Array(values.length * 2);
  next.set(values);
  return next;
}
