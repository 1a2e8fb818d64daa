/**
 * Finds and parses the lockfile that pins a manifest (docs/formats/): a workspace root's npm or uv
 * lockfile that names this member first, then the same folder, then any ancestor lockfile naming it.
 * Files come through the files port; parses are kept by path and stamp, so an unchanged lockfile is
 * read and parsed once.
 */
import { globToRegExp } from '../../../shared/src/formats';
import { detectLockfileKind, lockfileGlobs, lockfilesFor } from './manifestKind';
import type { LockfileKind, ManifestKind, ParsedLockfile } from './model';
import { lockfileCoversMember, orderLockfiles, workspaceGlobsOf, type PresentLockfile } from './lockfileChoice';
import { parseLockfile } from './parse';
import { lockfileForMember } from './parse/lockfileMembers';
import { parsePnpmWorkspace, type Catalogs } from './parse/npm/pnpmWorkspace';
import type { FilePort } from './ports';
import { parseLockfileTree } from './parse/lockfileTree';
import type { DependencyTree } from './tree/types';

const MAX_ANCESTORS = 6;

/** Lockfiles a workspace root keeps for all its members (npm, yarn, pnpm, bun and uv workspaces). */
const WORKSPACE_ROOT_LOCKFILES: ReadonlySet<LockfileKind> = new Set<LockfileKind>([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'uv.lock',
]);

interface Cached {
  stamp: string;
  text: string;
  parsed: Map<string, ParsedLockfile>;
  /** The installed tree, read on first use (docs/tree.md). */
  tree?: DependencyTree;
}

export interface LockfileHit {
  path: string;
  lockfile: ParsedLockfile;
  /** pnpm catalogs from the pnpm-workspace.yaml beside a pnpm-lock.yaml, for `catalog:` entries. */
  catalogs?: Catalogs;
  /** The manifest's folder relative to the lockfile's (posix), `''` when they share a folder: its importer in the tree. */
  importer: string;
}

export interface LockfileFinder {
  /** The lockfile that pins `manifestPath` (absolute), or undefined. */
  forManifest(manifestPath: string, kind: ManifestKind): Promise<LockfileHit | undefined>;
  /** The installed tree of a lockfile found by forManifest, parsed once per file version (docs/tree.md); undefined when it cannot be read. */
  tree(hit: LockfileHit): Promise<DependencyTree | undefined>;
  /**
   * The tree of a lockfile forManifest already read, parsed now from the text it holds (no file
   * access, so it can run synchronously when a bulk POST leaves); undefined when that text is gone.
   */
  treeNow(hit: LockfileHit): DependencyTree | undefined;
  /** A lockfile's text, read once per file version. */
  text(path: string): Promise<string | undefined>;
  /** A lockfile changed on disk: read it again next time. */
  invalidate(path: string): void;
  clear(): void;
}

/** The reads of one `forManifest` call: each file stamped (and read) at most once per lookup. */
interface Lookup {
  read(file: string): Promise<Cached | undefined>;
  /** The candidate lockfiles of some kinds in a folder (wildcard names listed). */
  candidates(dir: string, kinds: readonly LockfileKind[]): Promise<string[]>;
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
      // Another member's reading of the same file version serves this one where the format allows (parse/lockfileMembers.ts).
      const earlier = cached.parsed.values().next().value;
      parsed = (earlier && lockfileForMember(kind, cached.text, earlier, memberPath)) ?? parseLockfile(kind, cached.text, memberPath);
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

  /** The lockfile in `dir` that pins the manifest in `manifestDir`, choosing among several as docs/language-server.md says (lockfileChoice.ts). */
  const pickIn = async (dir: string, manifestDir: string, kinds: readonly LockfileKind[], level: number, lookup: Lookup): Promise<LockfileHit | undefined> => {
    const present: (PresentLockfile & { cached: Cached })[] = [];
    const candidates = await lookup.candidates(dir, kinds);
    const reads = await Promise.all(candidates.map((file) => lookup.read(file)));
    for (const [i, file] of candidates.entries()) {
      const cached = reads[i];
      const lockKind = detectLockfileKind(file);
      // The stamp is `<mtimeMs>:<size>` (node/files.ts): the newest lockfile wins between package managers.
      if (cached && lockKind) present.push({ path: file, kind: lockKind, mtimeMs: Number.parseFloat(cached.stamp) || 0, cached });
    }
    if (present.length === 0) return undefined;
    // The root package.json decides only between package managers, and which members a root lockfile covers.
    const needsManifest = present.some((p) => p.kind !== present[0].kind && p.kind !== 'package-lock.json' && p.kind !== 'npm-shrinkwrap.json') || (level > 0 && (kinds.includes('yarn.lock') || kinds.includes('bun.lockb')));
    const rootManifest = needsManifest ? readJson((await lookup.read(files.join(dir, 'package.json')))?.text) : undefined;
    const packageManager = typeof rootManifest?.packageManager === 'string' ? rootManifest.packageManager : undefined;
    const memberPath = level === 0 ? undefined : memberPathOf(dir, manifestDir);
    for (const hit of orderLockfiles(present, packageManager) as (PresentLockfile & { cached: Cached })[]) {
      // An ancestor lockfile pins this manifest only when it is a workspace lockfile that covers the member.
      if (memberPath !== undefined && !lockfileCoversMember(hit.kind, hit.cached.text, memberPath, workspaceGlobsOf(rootManifest))) continue;
      const lockfile = parse(hit.path, hit.cached, memberPath);
      if (!lockfile) continue;
      const importer = memberPath ?? '';
      if (hit.kind !== 'pnpm-lock.yaml') return { path: hit.path, lockfile, importer };
      const workspace = await lookup.read(files.join(dir, 'pnpm-workspace.yaml'));
      return { path: hit.path, lockfile, catalogs: workspace ? parsePnpmWorkspace(workspace.text).catalogs : undefined, importer };
    }
    return undefined;
  };

  /** The manifest's folder and its ancestors, as far as the lookup goes. */
  const foldersUp = (manifestDir: string): string[] => {
    const dirs = [manifestDir];
    for (let level = 1; level <= MAX_ANCESTORS; level++) {
      const parent = files.dirname(dirs[dirs.length - 1]);
      if (parent === dirs[dirs.length - 1]) break;
      dirs.push(parent);
    }
    return dirs;
  };

  /**
   * One lookup's reads: every candidate lockfile of every folder is stamped at once, before the
   * folders are searched in order. Every edit of a manifest looks its lockfile up again, and searching
   * folder by folder made one file-system round trip per folder, up to 14 in a row for a package.json,
   * each a wait for the thread pool on a busy machine (docs/benchmarks.md, "Where an edit's time went").
   */
  const startLookup = (dirs: readonly string[], kinds: readonly LockfileKind[]): Lookup => {
    const reads = new Map<string, Promise<Cached | undefined>>();
    const listed = new Map<string, Promise<string[]>>();
    const lookup: Lookup = {
      read(file) {
        let got = reads.get(file);
        if (!got) {
          got = read(file);
          reads.set(file, got);
        }
        return got;
      },
      candidates(dir, wanted) {
        const key = `${dir}\0${wanted.join(',')}`;
        let got = listed.get(key);
        if (!got) {
          got = candidatesIn(dir, wanted);
          listed.set(key, got);
        }
        return got;
      },
    };
    // Failures surface where the search awaits the same promises; these only start them.
    const started = (p: Promise<unknown>): void => void p.catch(() => undefined);
    for (const dir of dirs) started(lookup.candidates(dir, kinds).then((names) => names.forEach((file) => started(lookup.read(file)))));
    return lookup;
  };

  const search = async (dirs: readonly string[], manifestDir: string, kinds: readonly LockfileKind[], firstLevel: number, lookup: Lookup): Promise<LockfileHit | undefined> => {
    for (let level = firstLevel; level < dirs.length; level++) {
      const hit = await pickIn(dirs[level], manifestDir, kinds, level, lookup);
      if (hit) return hit;
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
      const dirs = foldersUp(manifestDir);
      const lookup = startLookup(dirs, kinds);
      const workspaceKinds = kinds.filter((k) => WORKSPACE_ROOT_LOCKFILES.has(k));
      return (workspaceKinds.length > 0 ? await search(dirs, manifestDir, workspaceKinds, 1, lookup) : undefined) ?? search(dirs, manifestDir, kinds, 0, lookup);
    },
    async tree(hit) {
      // yarn, pnpm, bun and Pipfile.lock read the tree with the pins, per workspace member (yarn
      // classic records no importers: its tree is the member's own): that tree is the member's.
      if (hit.lockfile.tree) return hit.lockfile.tree;
      const cached = await read(hit.path);
      const kind = detectLockfileKind(hit.path);
      if (!cached || !kind) return undefined;
      // One tree object per file version: a document's tree step knows an unchanged lockfile by it.
      cached.tree ??= parseLockfileTree(kind, cached.text, hit.lockfile).tree;
      return cached.tree;
    },
    treeNow(hit) {
      if (hit.lockfile.tree) return hit.lockfile.tree;
      const cached = cache.get(hit.path);
      const kind = detectLockfileKind(hit.path);
      if (!cached || !kind) return undefined;
      cached.tree ??= parseLockfileTree(kind, cached.text, hit.lockfile).tree;
      return cached.tree;
    },
    async text(path) {
      return (await read(path))?.text;
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

function readJson(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
