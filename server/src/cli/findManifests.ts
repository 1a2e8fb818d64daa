/**
 * Which files `sigma-trust check` looks at: each PATH is a manifest or a folder searched recursively,
 * skipping dependency and tool folders. Requirements files named on the command line or found in a
 * folder have their `-r`/`-c` includes followed (cycles reported, each file checked once).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { detectManifestKind } from '../service/manifestKind';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', '__pycache__', '.mypy_cache', '.pytest_cache', 'site-packages', '.yarn', 'bower_components']);

async function isVirtualenv(dir: string): Promise<boolean> {
  return fs
    .stat(path.join(dir, 'pyvenv.cfg'))
    .then((s) => s.isFile())
    .catch(() => false);
}

async function walk(dir: string, out: string[], root: string): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || (await isVirtualenv(full))) continue;
      await walk(full, out, root);
    } else if (entry.isFile() && detectManifestKind(full)) {
      out.push(full);
    } else if (entry.isSymbolicLink() && detectManifestKind(full) && (await isFileInside(full, root))) {
      // A linked manifest (monorepo tooling links shared requirements files) is checked when its
      // target is a regular file inside the folder given; a link out of it is not followed (docs/security.md).
      out.push(full);
    }
  }
}

/** Whether the link `file` leads to a regular file inside `root` (links to folders are not walked: no cycles). */
async function isFileInside(file: string, root: string): Promise<boolean> {
  try {
    const [real, realRoot] = await Promise.all([fs.realpath(file), fs.realpath(root)]);
    const rel = path.relative(realRoot, real);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return (await fs.stat(real)).isFile();
  } catch {
    return false;
  }
}

/** A manifest to check, and the folder its `-r`/`-c` includes must stay inside (docs/security.md). */
export interface CheckTarget {
  file: string;
  root: string;
}

/**
 * Resolves the command line's PATHs to manifest files; throws a usage error for a path that is
 * neither. A folder given is the root of what is found in it; a file given has the working folder as
 * its root when it lies inside it (so `-r ../base.txt` from `requirements/dev.txt` works), else its own folder.
 */
export async function findManifests(paths: string[], cwd = process.cwd()): Promise<CheckTarget[]> {
  const found = new Map<string, CheckTarget>();
  for (const p of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(cwd, p);
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (stat.isDirectory()) {
      const files: string[] = [];
      await walk(abs, files, abs);
      for (const file of files) if (!found.has(file)) found.set(file, { file, root: abs });
    } else if (detectManifestKind(abs)) {
      const rel = path.relative(cwd, abs);
      const root = rel.startsWith('..') || path.isAbsolute(rel) ? path.dirname(abs) : cwd;
      if (!found.has(abs)) found.set(abs, { file: abs, root });
    } else {
      throw new UsageError(`not a supported manifest: ${p} (expected package.json, requirements*.txt, *.in, constraints*.txt or pyproject.toml)`);
    }
  }
  return [...found.values()];
}

export class UsageError extends Error {}
