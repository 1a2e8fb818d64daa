/**
 * One reading of a workspace root's lockfile for all its members (docs/formats/tree.md). The finder
 * (lockfiles.ts) keeps a lockfile's parse per member folder; before this, every member of a workspace
 * read the root lockfile again and kept a whole tree of its own: twenty members of a 10 MB
 * pnpm-lock.yaml were twenty readings (~250 ms CPU each on the bench machine, docs/benchmarks.md) and
 * twenty trees in memory. What a member's reading adds to another member's is only its pins, and the
 * formats that read the tree with the pins can give those from the tree already read.
 */
import type { LockfileKind, ParsedLockfile } from '../model';
import { normalizeImporter, pinsFromTree } from '../tree/pins';
import { isBerry } from './npm/yarnLock';

/**
 * `memberPath`'s reading of the lockfile `text`, made from `read` (the same text read for another
 * member), equal to what parsing it again for `memberPath` gives; undefined where only parsing again
 * gives it (package-lock.json: its pins pass reads only the member's own entries, and no tree).
 */
export function lockfileForMember(kind: LockfileKind, text: string, read: ParsedLockfile, memberPath: string | undefined): ParsedLockfile | undefined {
  switch (kind) {
    case 'pnpm-lock.yaml':
    case 'bun.lock':
      // The tree holds every member's importer: a member's pins are its importer's entries.
      return read.tree && { ...read, packages: pinsFromTree(read.tree, memberPath) };
    case 'yarn.lock':
      if (!read.tree) return undefined;
      if (isBerry(text)) return { ...read, packages: pinsFromTree(read.tree, memberPath) };
      return classicForMember(read, memberPath);
    case 'bun.lockb':
    case 'poetry.lock':
    case 'uv.lock':
    case 'pylock.toml':
    case 'Pipfile.lock':
      // These readers do not take the member at all (parse/python/index.ts, parse/npm/bunLockb.ts).
      return read;
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return undefined;
  }
}

/**
 * yarn classic records no importers: a reading without the manifest's entries gives every member the
 * same pins (every descriptor) and the same tree, whose one importer is named after the member it was
 * read for (yarnClassicReader.ts). The member's reading is that tree under the member's own folder.
 */
function classicForMember(read: ParsedLockfile, memberPath: string | undefined): ParsedLockfile | undefined {
  const tree = read.tree;
  if (!tree || tree.importers.size !== 1) return undefined;
  const [direct] = tree.importers.values();
  return { ...read, tree: { ...tree, importers: new Map([[normalizeImporter(memberPath), direct]]) } };
}
