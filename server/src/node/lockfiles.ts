/**
 * Finds and parses the lockfile that pins a manifest (interfaces.md §2): a workspace root's npm or uv
 * lockfile that names this member first, then the same folder, then any ancestor lockfile naming it. Parses are cached
 * by path, modification time and size, so an unchanged lockfile is read once.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { globToRegExp } from '../../../shared/src/formats';
import { detectLockfileKind, lockfileGlobs, lockfilesFor } from '../service/manifestKind';
import type { LockfileKind, ManifestKind, ParsedLockfile } from '../service/model';
import { parseLockfile } from '../service/parse';

const MAX_ANCESTORS = 6;

/** Lockfiles a workspace root keeps for all its members (npm workspaces, uv workspaces). */
const WORKSPACE_ROOT_LOCKFILES: ReadonlySet<LockfileKind> = new Set<LockfileKind>(['package-lock.json', 'npm-shrinkwrap.json', 'uv.lock']);

interface Cached {
  mtimeMs: number;
  size: number;
  text: string;
  parsed: Map<string, ParsedLockfile>;
}

export interface LockfileHit {
  path: string;
  lockfile: ParsedLockfile;
}

export class LockfileLoader {
  private readonly cache = new Map<string, Cached>();

  invalidate(file: string): void {
    this.cache.delete(path.resolve(file));
  }

  clear(): void {
    this.cache.clear();
  }

  private async read(file: string): Promise<Cached | undefined> {
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    const fresh: Cached = { mtimeMs: stat.mtimeMs, size: stat.size, text, parsed: new Map() };
    this.cache.set(file, fresh);
    return fresh;
  }

  private parse(file: string, cached: Cached, memberPath: string | undefined): ParsedLockfile | undefined {
    const kind = detectLockfileKind(file);
    if (!kind) return undefined;
    const key = memberPath ?? '';
    let parsed = cached.parsed.get(key);
    if (!parsed) {
      parsed = parseLockfile(kind, cached.text, memberPath);
      cached.parsed.set(key, parsed);
    }
    return parsed;
  }

  private async candidatesIn(dir: string, kinds: readonly LockfileKind[]): Promise<string[]> {
    const names: string[] = [];
    for (const lockKind of kinds) {
      const globs = lockfileGlobs(lockKind);
      if (globs.every((g) => !g.includes('*'))) {
        names.push(...globs);
        continue;
      }
      // A kind with a wildcard name (pylock.<name>.toml, PEP 751): every match in the folder, sorted.
      const patterns = globs.map((g) => globToRegExp(g));
      const entries = await fs.readdir(dir).catch(() => [] as string[]);
      names.push(...entries.filter((e) => patterns.some((p) => p.test(e))).sort());
    }
    return names.map((n) => path.join(dir, n));
  }

  /**
   * The lockfile that pins `manifestPath`, or undefined. A workspace root's lockfile (npm, uv) that
   * names this manifest's folder as a member pins it even where the member has a lockfile of its own:
   * the package manager installs from the root lock, so a member's own one is stale by definition
   * (interfaces.md §2 in docs/formats/). Otherwise the lockfile beside the manifest, then any ancestor
   * lockfile that names it.
   */
  async forManifest(manifestPath: string, kind: ManifestKind): Promise<LockfileHit | undefined> {
    if (lockfilesFor(kind).length === 0) return undefined;
    const manifestDir = path.dirname(path.resolve(manifestPath));
    const kinds = lockfilesFor(kind);
    const workspaceKinds = kinds.filter((k) => WORKSPACE_ROOT_LOCKFILES.has(k));
    return (workspaceKinds.length > 0 ? await this.search(manifestDir, workspaceKinds, 1) : undefined) ?? this.search(manifestDir, kinds, 0);
  }

  private async search(manifestDir: string, kinds: readonly LockfileKind[], firstLevel: number): Promise<LockfileHit | undefined> {
    let dir = manifestDir;
    for (let level = 0; level <= MAX_ANCESTORS; level++) {
      if (level >= firstLevel) {
        for (const file of await this.candidatesIn(dir, kinds)) {
          const cached = await this.read(file);
          if (!cached) continue;
          const memberPath = level === 0 ? undefined : path.relative(dir, manifestDir).split(path.sep).join('/');
          // An ancestor lockfile pins this manifest only when it is a workspace lockfile that names the member.
          if (memberPath !== undefined && !cached.text.includes(`"${memberPath}"`) && !cached.text.includes(`'${memberPath}'`)) continue;
          const lockfile = this.parse(file, cached, memberPath);
          if (lockfile) return { path: file, lockfile };
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return undefined;
  }
}
