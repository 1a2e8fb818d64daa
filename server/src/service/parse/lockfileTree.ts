/**
 * The installed tree of any supported lockfile (tree/types.ts), for the checking of the whole tree
 * (docs/formats/tree.md). Formats whose parser reads the tree in the same pass as the pins (yarn, pnpm,
 * bun, Pipfile.lock) hand back that tree; package-lock.json, whose pin parser reads only what the
 * manifest needs, is read a second time here. The Python TOML lockfiles' pins read builds their tree
 * too and hands it to the tree step of the same text (python/pyLockRead.ts); without it they are read
 * again here.
 */
import type { LockfileKind, ParsedLockfile, ParseProblem } from '../model';
import type { DependencyTree } from '../tree/types';
import { parseLockfile } from './index';
import { npmLockTree } from './npm/npmLockTree';
import { pythonLockTree } from './python/pyLockTree';

export function parseLockfileTree(kind: LockfileKind, text: string, parsed?: ParsedLockfile): { tree: DependencyTree; errors: ParseProblem[] } {
  switch (kind) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return npmLockTree(text, kind);
    case 'poetry.lock':
    case 'uv.lock':
    case 'pylock.toml':
      return pythonLockTree(kind, text);
    default: {
      const lock = parsed ?? parseLockfile(kind, text);
      const tree = lock.tree ?? { lockfile: kind, nodes: [], importers: new Map(), skipped: [], hasEdges: false };
      return { tree, errors: lock.errors };
    }
  }
}
