/**
 * bun.lock's package keys and how a dependency name resolves from one. Keys are install paths, as bun
 * lays out node_modules: `debug` the hoisted copy, `express/debug` the copy nested under express,
 * `app/ms` a copy for the workspace member named `app`. A name resolves like Node's lookup: the
 * nearest key up the path from the dependent (`express/debug/ms`, `express/ms`, `ms`).
 *
 * Keys and names are positions in the rows' source (bunLockRows.ts), looked up in SpanTables: no
 * string is built per edge (docs/benchmarks.md, "Findings: bun.lock, spans"). What a key maps to is
 * bunLock.ts's: a node's index, or a negative number other than ABSENT for an entry that is not a node.
 */
import * as spanTable from '../spanTable';

// Bound once: under tsx (the benchmarks) every use of a named import is a getter call (parse/charCodes.ts).
const { ABSENT, SpanTable } = spanTable;

const SLASH = 0x2f;
const AT = 0x40;

export class BunKeys {
  private readonly table = new SpanTable();
  /**
   * Every key's prefixes up to a `/`: `<base>/<name>` can only be a key when `base` is one of them,
   * so other bases are not asked for (every edge of a hoisted tree would ask for one).
   */
  private readonly parents = new SpanTable();

  constructor(
    /** The text every position is in. */
    private readonly source: string,
  ) {}

  /** Records `key` (the source's text at `[keyStart, keyEnd)`); false, and nothing recorded, when it is there already. */
  add(key: string, keyStart: number, keyEnd: number, value: number): boolean {
    const size = this.table.size;
    this.table.set(key, value); // one hash: a repeated key is seen by the size, not by a `get` first
    if (this.table.size === size) return false;
    for (let i = keyStart; i < keyEnd; i++) if (this.source.charCodeAt(i) === SLASH) this.parents.set(this.source.slice(keyStart, i), 0);
    return true;
  }

  /**
   * Whether every name seen from the key at `[fromStart, fromEnd)` resolves at the top (`topLevel`):
   * the key has no parent (no `/` but a scope's) and no key is nested under it. Asked once per key,
   * after every key is added.
   */
  resolvesAtTop(fromStart: number, fromEnd: number): boolean {
    return this.parents.size === 0 || (parentEnd(this.source, fromStart, fromEnd) === fromStart && this.parents.getSpan(this.source, fromStart, fromEnd) === ABSENT);
  }

  /** What the name at `[start, end)` maps to as a key of its own (ABSENT: none). */
  topLevel(start: number, end: number): number {
    return this.table.getSpan(this.source, start, end);
  }

  /** What the name at `[nameStart, nameEnd)` resolves to from the key at `[fromStart, fromEnd)` (ABSENT: none). */
  resolve(fromStart: number, fromEnd: number, nameStart: number, nameEnd: number): number {
    for (let end = fromEnd; ; end = parentEnd(this.source, fromStart, end)) {
      if (end === fromStart) return this.table.getSpan(this.source, nameStart, nameEnd);
      if (this.parents.getSpan(this.source, fromStart, end) === ABSENT) continue;
      const found = this.table.getJoined(this.source, fromStart, end, SLASH, nameStart, nameEnd);
      if (found !== ABSENT) return found;
    }
  }

  /** The same for a key and a name that are strings (an importer's dependencies, from the member's name). */
  resolveString(from: string, name: string): number {
    for (let base = from; ; base = parentKey(base)) {
      if (base === '') return this.table.get(name);
      if (!this.parents.has(base)) continue;
      const found = this.table.get(`${base}/${name}`);
      if (found !== ABSENT) return found;
    }
  }
}

/** `express/debug/ms` → `express/debug`; `@s/a/@s/b` → `@s/a`; `debug` → ``. */
export function parentKey(key: string): string {
  return key.slice(0, parentEnd(key, 0, key.length));
}

/** parentKey of `text[start, end)`, as its end: `start` for ``. No string: it runs for every edge. */
export function parentEnd(text: string, start: number, end: number): number {
  let last = end - 1;
  while (last >= start && text.charCodeAt(last) !== SLASH) last--;
  if (last < start) return start;
  let before = last - 1;
  while (before >= start && text.charCodeAt(before) !== SLASH) before--;
  if (text.charCodeAt(before + 1) === AT && before + 1 < last) return before < start ? start : before;
  return last;
}
