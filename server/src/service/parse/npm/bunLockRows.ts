/**
 * bun.lock's `packages` entries as either reader hands them to bunLock.ts: per entry, where its key,
 * resolution (`name@version`), integrity and dependency names are in one source text, and where its
 * key (with quotes) is in the lockfile. The scanner's source is the lockfile itself, so it builds no
 * string per entry; the general reader's is its decoded strings joined (`joinedRows`).
 *
 * Why columns of integers and not an object per entry: every object, array and string made per entry
 * while a 10 MB bun.lock is read is alive at the next scavenge and copied once or twice; those copies
 * were most of the scanner's time (docs/benchmarks.md, "Findings: bun.lock, spans"). Typed arrays
 * keep their contents outside the collected heap.
 */

/** Per row: key start and end (in `source`), key offsets in the lockfile, resolution, integrity, dependencies' first and past-last index. */
const KEY_START = 0;
const KEY_END = 1;
const START = 2;
const END = 3;
const RESOLUTION_START = 4;
const RESOLUTION_END = 5;
const INTEGRITY_START = 6;
const INTEGRITY_END = 7;
const DEPS_FROM = 8;
const DEPS_TO = 9;
const STRIDE = 10;

export class BunRows {
  /** Rows added so far. */
  count = 0;
  private cells: Int32Array = new Int32Array(256 * STRIDE);
  /** Start and end (in `source`) of each dependency name, rows' names one after the other. */
  private depSpans: Int32Array = new Int32Array(1024);
  private deps = 0;
  private at = -STRIDE;

  constructor(
    /** The text every span is in. */
    readonly source: string,
  ) {}

  /** Begins a row: its key is `source[keyStart, keyEnd)`, written at `[start, end)` of the lockfile; no resolution, integrity or dependency yet. */
  add(keyStart: number, keyEnd: number, start: number, end: number): void {
    this.at = this.count++ * STRIDE;
    if (this.at + STRIDE > this.cells.length) this.cells = grown(this.cells);
    const cells = this.cells;
    const at = this.at;
    cells[at + KEY_START] = keyStart;
    cells[at + KEY_END] = keyEnd;
    cells[at + START] = start;
    cells[at + END] = end;
    cells[at + RESOLUTION_START] = -1;
    cells[at + RESOLUTION_END] = -1;
    cells[at + INTEGRITY_START] = -1;
    cells[at + INTEGRITY_END] = -1;
    cells[at + DEPS_FROM] = this.deps;
    cells[at + DEPS_TO] = this.deps;
  }

  /** The current row's resolution is `source[start, end)`. */
  resolution(start: number, end: number): void {
    this.cells[this.at + RESOLUTION_START] = start;
    this.cells[this.at + RESOLUTION_END] = end;
  }

  /** The current row's integrity is `source[start, end)` (non-empty). */
  integrity(start: number, end: number): void {
    this.cells[this.at + INTEGRITY_START] = start;
    this.cells[this.at + INTEGRITY_END] = end;
  }

  /** The current row depends on the name `source[start, end)`. */
  dep(start: number, end: number): void {
    if (2 * this.deps + 2 > this.depSpans.length) this.depSpans = grown(this.depSpans);
    this.depSpans[2 * this.deps] = start;
    this.depSpans[2 * this.deps + 1] = end;
    this.cells[this.at + DEPS_TO] = ++this.deps;
  }

  keyStart(row: number): number {
    return this.cells[row * STRIDE + KEY_START];
  }

  keyEnd(row: number): number {
    return this.cells[row * STRIDE + KEY_END];
  }

  /** Offset of the key's opening quote in the lockfile. */
  start(row: number): number {
    return this.cells[row * STRIDE + START];
  }

  /** Offset past the key's closing quote in the lockfile. */
  end(row: number): number {
    return this.cells[row * STRIDE + END];
  }

  /** -1 when the entry is not an array starting with a string. */
  resolutionStart(row: number): number {
    return this.cells[row * STRIDE + RESOLUTION_START];
  }

  resolutionEnd(row: number): number {
    return this.cells[row * STRIDE + RESOLUTION_END];
  }

  /** -1 when the entry has no non-empty string as its fourth element. */
  integrityStart(row: number): number {
    return this.cells[row * STRIDE + INTEGRITY_START];
  }

  integrityEnd(row: number): number {
    return this.cells[row * STRIDE + INTEGRITY_END];
  }

  /** The row's dependency names are `depStart(d)`…`depEnd(d)` for `depsFrom(row) <= d < depsTo(row)`. */
  depsFrom(row: number): number {
    return this.cells[row * STRIDE + DEPS_FROM];
  }

  depsTo(row: number): number {
    return this.cells[row * STRIDE + DEPS_TO];
  }

  depStart(d: number): number {
    return this.depSpans[2 * d];
  }

  depEnd(d: number): number {
    return this.depSpans[2 * d + 1];
  }
}

/** One entry as the general reader has it: decoded strings. */
export interface BunEntryStrings {
  key: string;
  /** Offsets of the key with its quotes in the lockfile. */
  start: number;
  end: number;
  resolution: string | undefined;
  /** Non-empty, or undefined. */
  integrity: string | undefined;
  deps: string[];
}

/** Rows over the entries' strings joined into one source text. */
export function joinedRows(entries: BunEntryStrings[]): BunRows {
  const parts: string[] = [];
  let length = 0;
  const put = (s: string): number => {
    parts.push(s);
    length += s.length;
    return length - s.length;
  };
  const spans: number[][] = entries.map((e) => {
    const span = [put(e.key), length, e.start, e.end];
    span.push(...(e.resolution === undefined ? [-1, -1] : [put(e.resolution), length]));
    span.push(...(e.integrity === undefined ? [-1, -1] : [put(e.integrity), length]));
    for (const dep of e.deps) span.push(put(dep), length);
    return span;
  });
  const rows = new BunRows(parts.join(''));
  for (const [keyStart, keyEnd, start, end, resolutionStart, resolutionEnd, integrityStart, integrityEnd, ...deps] of spans) {
    rows.add(keyStart, keyEnd, start, end);
    if (resolutionStart >= 0) rows.resolution(resolutionStart, resolutionEnd);
    if (integrityStart >= 0) rows.integrity(integrityStart, integrityEnd);
    for (let d = 0; d < deps.length; d += 2) rows.dep(deps[d], deps[d + 1]);
  }
  return rows;
}

function grown(values: Int32Array): Int32Array {
  const next = new Int32Array(values.length * 2);
  next.set(values);
  return next;
}
