/**
 * The TOML values of a Python lockfile, read once for its pins (pyLockfile.ts) and its tree
 * (pyLockTree.ts). A check of the whole tree reads both from the same text, and the TOML parse was
 * half of that work (docs/benchmarks.md, lockfile parsers): the values of the last text read are
 * kept behind a WeakRef, so the tree step reuses them while they are still in memory and nothing
 * is kept alive for it (the garbage collector may drop them, and the text is then parsed again).
 * Neither reader changes the values.
 *
 * A lockfile kind's values are read by the subset scanner (lockTomlScanner.ts) along the keys its
 * pins and tree read (`LOCKFILE_KEYS`), and by smol-toml when the scanner gives up
 * (docs/decisions.md, "Python lockfiles: a TOML scanner for their subset").
 */
import type { LockfileKind } from '../../model';
import { positionsOf } from '../lineIndex';
import { scanLockToml, type KeepSchema } from './lockTomlScanner';
import { parseTomlValues, type TomlValues } from './toml';

export type PyTomlLockKind = Extract<LockfileKind, 'poetry.lock' | 'uv.lock' | 'pylock.toml'>;

const REFERENCE: KeepSchema = { name: true, version: true };

/**
 * Every key the pin parsers (uvLock.ts, poetryLock.ts, pylock.ts) and the tree (pyLockTree.ts) read:
 * a key they start reading must be added here, or they see it absent.
 */
export const LOCKFILE_KEYS: Record<PyTomlLockKind, KeepSchema> = {
  'uv.lock': {
    version: true,
    package: {
      name: true,
      version: true,
      source: true,
      sdist: { hash: true },
      wheels: { hash: true },
      dependencies: REFERENCE,
      'optional-dependencies': { '*': REFERENCE },
      'dev-dependencies': { '*': REFERENCE },
    },
  },
  'poetry.lock': {
    metadata: { 'lock-version': true, files: { '*': { hash: true } } },
    package: { name: true, version: true, source: { type: true, url: true }, groups: true, category: true, files: { hash: true }, dependencies: { '*': { version: true } } },
  },
  'pylock.toml': {
    'lock-version': true,
    packages: { name: true, version: true, index: true, vcs: true, directory: true, archive: true, sdist: { hashes: { sha256: true } }, wheels: { hashes: { sha256: true } } },
  },
};

/**
 * The fast path. The property test (test/unit/parse/lockTomlScanner.property.test.ts) swaps `scan`
 * for one that always gives up, to read the same text through smol-toml and compare pins and trees.
 */
export const lockTomlReader = { scan: scanLockToml };

interface Source {
  text: string;
  kind: PyTomlLockKind | undefined;
  scan: typeof scanLockToml;
}

let last: WeakRef<TomlValues> | undefined;
/** The text and kind each kept result was read for, alive only as long as that result is. */
const sourceOf = new WeakMap<TomlValues, Source>();

/** The values of `text` as `kind`'s readers need them; without a kind, the whole document (smol-toml). */
export function lockfileTomlValues(text: string, kind?: PyTomlLockKind): TomlValues {
  const kept = last?.deref();
  const source = kept && sourceOf.get(kept);
  const { scan } = lockTomlReader;
  if (kept !== undefined && source?.text === text && source.kind === kind && source.scan === scan) return kept;
  const values = readValues(text, kind, scan);
  sourceOf.set(values, { text, kind, scan });
  last = new WeakRef(values);
  return values;
}

function readValues(text: string, kind: PyTomlLockKind | undefined, scan: typeof scanLockToml): TomlValues {
  const data = kind === undefined ? undefined : scan(text, LOCKFILE_KEYS[kind]);
  if (data === undefined) return parseTomlValues(text);
  const positionAt = positionsOf(text);
  return { data, errors: [], range: (start, end) => ({ start: positionAt(start), end: positionAt(end) }) };
}
