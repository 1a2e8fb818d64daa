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
 * heap); only the key strings themselves are kept, and those the tree keeps anyway.
 *
 * Semantics are a Map's for `set` (a later value replaces an earlier one, the key keeps its place),
 * `get`, `has` and `forEach` (insertion order), with ABSENT (-1) as `get`'s answer for a missing key,
 * so -1 is never stored; `test/unit/parse/spanTable.property.test.ts` holds it to a Map on random keys.
 */
const EMPTY = 0;

/** What `get` and `getJoined` answer for a key that is not in the table; never a stored value. */
export const ABSENT = -1;

export class SpanTable {
  private keys: string[] = [];
  private hashes: Int32Array = new Int32Array(64);
  private values: Int32Array = new Int32Array(64);
  /** Open addressing, linear probing: key index + 1 per slot, EMPTY where free; at most half full. */
  private slots = new Int32Array(128);

  get size(): number {
    return this.keys.length;
  }

  /** Sets `key`'s value; answers the key's index (its place in `forEach` order, see `indexOf`). */
  set(key: string, value: number): number {
    const hash = hashOf(key, 0, key.length, FNV_OFFSET);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return this.add(slot, key, hash, value);
      if (this.hashes[held - 1] === hash && this.keys[held - 1] === key) {
        this.values[held - 1] = value;
        return held - 1;
      }
    }
  }

  get(key: string): number {
    const index = this.indexOf(key);
    return index === ABSENT ? ABSENT : this.values[index];
  }

  /**
   * The key's index, or ABSENT: keys are numbered 0, 1, … in the order they were first set, so a
   * caller can keep more per key in arrays of its own (yarnClassicReader.ts, the importer's nodes).
   */
  indexOf(key: string): number {
    const hash = hashOf(key, 0, key.length, FNV_OFFSET);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return ABSENT;
      if (this.hashes[held - 1] === hash && this.keys[held - 1] === key) return held - 1;
    }
  }

  /** The key of index `index` (0 ≤ index < size). */
  keyAt(index: number): string {
    return this.keys[index];
  }

  has(key: string): boolean {
    return this.get(key) !== ABSENT;
  }

  /** Every key with its value, in the order the keys were first set. */
  forEach(visit: (value: number, key: string) => void): void {
    for (let index = 0; index < this.keys.length; index++) visit(this.values[index], this.keys[index]);
  }

  /** The value of the key `text[start, end)`, or ABSENT; the key is never built. */
  getSpan(text: string, start: number, end: number): number {
    const hash = hashOf(text, start, end, FNV_OFFSET);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot];
      if (held === EMPTY) return ABSENT;
      if (this.hashes[held - 1] !== hash) continue;
      const key = this.keys[held - 1];
      if (key.length === end - start && text.startsWith(key, start)) return this.values[held - 1];
    }
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
      if (this.hashes[held - 1] !== hash) continue;
      const key = this.keys[held - 1];
      if (key.length === length && joinedEquals(key, text, aStart, aEnd, separator, bStart, bEnd)) return this.values[held - 1];
    }
  }

  private add(slot: number, key: string, hash: number, value: number): number {
    const index = this.keys.length;
    this.keys.push(key);
    if (index === this.hashes.length) {
      this.hashes = grown(this.hashes);
      this.values = grown(this.values);
    }
    this.hashes[index] = hash;
    this.values[index] = value;
    this.slots[slot] = index + 1;
    if (2 * this.keys.length > this.slots.length) this.rehash();
    return index;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let index = 0; index < this.keys.length; index++) {
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

function joinedEquals(key: string, text: string, aStart: number, aEnd: number, separator: number, bStart: number, bEnd: number): boolean {
  let k = 0;
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
