/**
 * Which lockfile pins a manifest when a folder holds several, and whether a workspace root's
 * lockfile covers a member (docs/language-server.md, docs/formats/): pure decisions, the files
 * are read by server/src/service/lockfiles.ts.
 */
import { globToRegExp } from '../../../shared/src/formats';
import type { LockfileKind } from './model';

/** The package manager that writes each lockfile (the `packageManager` field names these). */
const MANAGER: Partial<Record<LockfileKind, string>> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'yarn',
  'pnpm-lock.yaml': 'pnpm',
  'bun.lock': 'bun',
  'bun.lockb': 'bun',
};

export interface PresentLockfile {
  path: string;
  kind: LockfileKind;
  mtimeMs: number;
}

/**
 * The order in which to try the lockfiles present in one folder. `present` comes in the table's
 * order of preference. When they belong to several package managers, the one named by the
 * manifest's `packageManager` field (`pnpm@9.1.0`) goes first; without it (or when it names none of
 * them), the manager whose lockfile was written last.
 */
export function orderLockfiles(present: readonly PresentLockfile[], packageManager: string | undefined): PresentLockfile[] {
  // Python lockfiles keep the table's order: docs/language-server.md gives no packageManager rule for them.
  if (present.some((p) => MANAGER[p.kind] === undefined)) return [...present];
  const managers = new Set(present.map((p) => MANAGER[p.kind]));
  if (managers.size <= 1) return [...present];
  const named = packageManager?.trim().split('@')[0];
  let winner = named !== undefined && managers.has(named) ? named : undefined;
  if (winner === undefined) {
    const newest = present.reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));
    winner = MANAGER[newest.kind];
  }
  const first = present.filter((p) => MANAGER[p.kind] === winner);
  return [...first, ...present.filter((p) => !first.includes(p))];
}

/**
 * Whether a lockfile in an ancestor folder pins the workspace member at `memberPath` (posix,
 * relative to the lockfile's folder). Each format names its members its own way; yarn classic and
 * bun.lockb do not name them at all, so the root manifest's `workspaces` globs decide.
 */
export function lockfileCoversMember(kind: LockfileKind, text: string, memberPath: string, workspaceGlobs: readonly string[] | undefined): boolean {
  switch (kind) {
    case 'pnpm-lock.yaml':
      return text.includes(`\n  ${memberPath}:`) || text.includes(`\n  '${memberPath}':`) || text.includes(`\n  "${memberPath}":`);
    case 'yarn.lock':
      if (/^__metadata:/m.test(text)) return text.includes(`@workspace:${memberPath}"`);
      return matchesWorkspaces(memberPath, workspaceGlobs);
    case 'bun.lockb':
      return matchesWorkspaces(memberPath, workspaceGlobs);
    default:
      return text.includes(`"${memberPath}"`) || text.includes(`'${memberPath}'`);
  }
}

function matchesWorkspaces(memberPath: string, globs: readonly string[] | undefined): boolean {
  return (globs ?? []).some((glob) => {
    const clean = glob.replace(/^\.\//, '').replace(/\/+$/, '');
    // The table's globs match a path's last segments; a member glob must match the whole path.
    return clean !== '' && memberPath.match(globToRegExp(clean))?.index === 0;
  });
}

/** `workspaces` of a root package.json: an array of globs, or `{ packages: [...] }` (yarn classic). */
export function workspaceGlobsOf(manifest: unknown): string[] | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const ws = (manifest as Record<string, unknown>).workspaces;
  const list = Array.isArray(ws) ? ws : typeof ws === 'object' && ws !== null ? (ws as Record<string, unknown>).packages : undefined;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : undefined;
}
