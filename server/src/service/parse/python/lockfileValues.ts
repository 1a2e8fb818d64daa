/**
 * The TOML values of a Python lockfile, read once for its pins (pyLockfile.ts) and its tree
 * (pyLockTree.ts). A check of the whole tree reads both from the same text, and the TOML parse was
 * half of that work (docs/benchmarks.md, lockfile parsers): the values of the last text read are
 * kept behind a WeakRef, so the tree step reuses them while they are still in memory and nothing
 * is kept alive for it (the garbage collector may drop them, and the text is then parsed again).
 * Neither reader changes the values.
 */
import { parseTomlValues, type TomlValues } from './toml';

let last: WeakRef<TomlValues> | undefined;
/** The text each kept result was read from, alive only as long as that result is. */
const sourceOf = new WeakMap<TomlValues, string>();

export function lockfileTomlValues(text: string): TomlValues {
  const kept = last?.deref();
  if (kept !== undefined && sourceOf.get(kept) === text) return kept;
  const values = parseTomlValues(text);
  sourceOf.set(values, text);
  last = new WeakRef(values);
  return values;
}
