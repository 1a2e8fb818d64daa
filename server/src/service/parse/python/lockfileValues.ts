/**
 * The TOML values of a Python lockfile, as its one walk for pins and tree reads them (pyLockRead.ts).
 *
 * A lockfile kind's values are read by the subset scanner (lockTomlScanner.ts) along the keys its
 * pins and tree read (`LOCKFILE_KEYS`), and by smol-toml when the scanner gives up
 * (docs/decisions.md, "Python lockfiles: a TOML scanner for their subset").
 */
import type { LockfileKind } from '../../model';
import { positionsOf } from '../lineIndex';
import { scanLockToml, type KeepSchema } from './lockTomlScanner';
import type { TomlValues } from './toml';

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

/** The scanner's values of `text` (`data`, its root table) with the ranges of its offsets. */
export function scannedValues(text: string, data: Record<string, unknown>): TomlValues {
  const positionAt = positionsOf(text);
  return { data, errors: [], range: (start, end) => ({ start: positionAt(start), end: positionAt(end) }) };
}
