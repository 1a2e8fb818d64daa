/**
 * poetry.lock, uv.lock and pylock.toml → the installed tree (tree/types.ts). Each kind's file reads
 * its pins and its tree in one walk (uvLock.ts, poetryLock.ts, pylock.ts, with what they share in
 * pyLockRead.ts); the tree of a text whose pins were just read is the one that walk built. Each
 * `[[package]]` node's range is its header. git, path, directory and URL sources are skipped, never
 * looked up. A package locked from an index other than PyPI (poetry `[package.source]` of type
 * `legacy`, uv `source.registry`, pylock `index`) carries it as `indexUrl` (tree/types.ts).
 */
import type { LockfileKind, ParseProblem } from '../../model';
import type { DependencyTree } from '../../tree/types';
import { poetryReader } from './poetryLock';
import { lockTree, type PyLockReaderOf } from './pyLockRead';
import { pylockReader } from './pylock';
import { uvReader } from './uvLock';

type PyLockKind = Extract<LockfileKind, 'poetry.lock' | 'uv.lock' | 'pylock.toml'>;

const READERS: Record<PyLockKind, PyLockReaderOf> = { 'poetry.lock': poetryReader, 'uv.lock': uvReader, 'pylock.toml': pylockReader };

export function pythonLockTree(kind: PyLockKind, text: string): { tree: DependencyTree; errors: ParseProblem[] } {
  return lockTree(kind, text, READERS[kind]);
}
