/**
 * Finds and parses the lockfile that pins a manifest (docs/formats/): a workspace root's npm or uv
 * lockfile that names this member first, then the same folder, then any ancestor lockfile naming it.
 * Files come through the files port; parses are kept by path and stamp, so an unchanged lockfile is
 * read and parsed once.
 */
import { globToRegExp } from '../../../shared/src/formats';
import { detectLockfileKind, lockfileGlobs, lockfilesFor } from './manifestKind';
import type { LockfileKind, ManifestKind, ParsedLockfile } from './model';
import { parseLockfile } from './parse';
import type { FilePort } from './ports';

const MAX_ANCESTORS = 6;

/** Lockfiles a workspace root keeps for all its members (npm workspaces, uv workspaces). */
const WORKSPACE_ROOT_LOCKFILES: ReadonlySet<LockfileKind> = new Set<LockfileKind>(['package-lock.json', 'npm-shrinkwrap.json', 'uv.lock']);

interface Cached {
  stamp: string;
  text: string;
  parsed: Map<string, ParsedLockfile>;
}

export interface LockfileHit {
  path: string;
  lockfile: ParsedLockfile;
}

export interface LockfileFinder {
  /** The lockfile that pins `manifestPath` (absolute), or undefined. */
  forManifest(manifestPath: string, kind: ManifestKind): Promise<LockfileHit | undefined>;
  /** A lockfile changed on disk: read it again next time. */
  invalidate(path: string): void;
  clear(): void;
}

export function createLockfileFinder(files: FilePort): LockfileFinder {
  const cache = new Map<string, Cached>();

  const read = async (file: string): Promise<Cached | undefined> => {
    const stamp = await files.stamp(file);
    if (stamp === undefined) {
      cache.delete(file);
      return undefined;
    }
    const cached = cache.get(file);
    if (cached && cached.stamp === stamp) return cached;
    const text = await files.readText(file);
    if (text === undefined) return undefined;
    const fresh: Cached = { stamp, text, parsed: new Map() };
    cache.set(file, fresh);
    return fresh;
  };

  const parse = (file: string, cached: Cached, memberPath: string | undefined): ParsedLockfile | undefined => {
    const kind = detectLockfileKind(file);
    if (!kind) return undefined;
    const key = memberPath ?? '';
    let parsed = cached.parsed.get(key);
    if (!parsed) {
      parsed = parseLockfile(kind, cached.text, memberPath);
      cached.parsed.set(key, parsed);
    }
    return parsed;
  };

  const candidatesIn = async (dir: string, kinds: readonly LockfileKind[]): Promise<string[]> => {
    const names: string[] = [];
    for (const lockKind of kinds) {
      const globs = lockfileGlobs(lockKind);
      if (globs.every((g) => !g.includes('*'))) {
        names.push(...globs);
        continue;
      }
      // A kind with a wildcard name (pylock.<name>.toml, PEP 751): every match in the folder, sorted.
      const patterns = globs.map((g) => globToRegExp(g));
      names.push(...(await files.list(dir)).filter((e) => patterns.some((p) => p.test(e))).sort());
    }
    return names.map((n) => files.join(dir, n));
  };

  const search = async (manifestDir: string, kinds: readonly LockfileKind[], firstLevel: number): Promise<LockfileHit | undefined> => {
    let dir = manifestDir;
    for (let level = 0; level <= MAX_ANCESTORS; level++) {
      if (level >= firstLevel) {
        for (const file of await candidatesIn(dir, kinds)) {
          const cached = await read(file);
          if (!cached) continue;
          const memberPath = level === 0 ? undefined : memberPathOf(dir, manifestDir);
          // An ancestor lockfile pins this manifest only when it is a workspace lockfile that names the member.
          if (memberPath !== undefined && !cached.text.includes(`"${memberPath}"`) && !cached.text.includes(`'${memberPath}'`)) continue;
          const lockfile = parse(file, cached, memberPath);
          if (lockfile) return { path: file, lockfile };
        }
      }
      const parent = files.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  };

  return {
    /**
     * A workspace root's lockfile (npm, uv) that names this manifest's folder as a member pins it even
     * where the member has a lockfile of its own: the package manager installs from the root lock, so a
     * member's own one is stale by definition (docs/formats/). Otherwise the lockfile beside the
     * manifest, then any ancestor lockfile that names it.
     */
    async forManifest(manifestPath, kind) {
      const kinds = lockfilesFor(kind);
      if (kinds.length === 0) return undefined;
      const manifestDir = files.dirname(manifestPath);
      const workspaceKinds = kinds.filter((k) => WORKSPACE_ROOT_LOCKFILES.has(k));
      return (workspaceKinds.length > 0 ? await search(manifestDir, workspaceKinds, 1) : undefined) ?? search(manifestDir, kinds, 0);
    },
    invalidate(path) {
      cache.delete(path);
    },
    clear() {
      cache.clear();
    },
  };
}

/** The member's folder relative to an ancestor folder, posix-style (`packages/a`). */
function memberPathOf(ancestor: string, dir: string): string {
  const rest = dir.slice(ancestor.length).replace(/^[\\/]+/, '');
  return rest.split(/[\\/]/).join('/');
}
