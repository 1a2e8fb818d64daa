/**
 * Which files are manifests and which lockfiles pin them (interfaces.md §2). Paths are posix-style;
 * only the last one or two segments matter.
 */
import type { LockfileKind, ManifestKind } from './model';

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? '';
}

function parentName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 2] ?? '';
}

export function detectManifestKind(path: string): ManifestKind | undefined {
  const name = baseName(path);
  if (name === 'package.json') return 'package.json';
  if (name === 'pyproject.toml') return 'pyproject.toml';
  if (/^requirements.*\.txt$/i.test(name) || /^constraints.*\.txt$/i.test(name)) return 'requirements.txt';
  // pip-compile inputs; MANIFEST.in is setuptools' file list, not requirements.
  if (/\.in$/i.test(name) && name.toLowerCase() !== 'manifest.in') return 'requirements.txt';
  if (/\.txt$/i.test(name) && /^requirements$/i.test(parentName(path))) return 'requirements.txt';
  return undefined;
}

/** True for constraints files, whose entries constrain versions rather than request packages. */
export function isConstraintsFile(path: string): boolean {
  return /^constraints.*\.txt$/i.test(baseName(path));
}

export function detectLockfileKind(path: string): LockfileKind | undefined {
  const name = baseName(path);
  if (name === 'package-lock.json') return 'package-lock.json';
  if (name === 'npm-shrinkwrap.json') return 'npm-shrinkwrap.json';
  if (name === 'poetry.lock') return 'poetry.lock';
  if (name === 'uv.lock') return 'uv.lock';
  if (/^pylock(\.[^/\\]+)?\.toml$/.test(name)) return 'pylock.toml';
  return undefined;
}

/**
 * Lockfile names that may pin a manifest, in order of preference. npm-shrinkwrap.json wins over
 * package-lock.json when both exist, as in npm itself. Requirements files pin themselves.
 */
export function lockfileNamesFor(kind: ManifestKind): string[] {
  switch (kind) {
    case 'package.json':
      return ['npm-shrinkwrap.json', 'package-lock.json'];
    case 'pyproject.toml':
      return ['uv.lock', 'poetry.lock', 'pylock.toml'];
    case 'requirements.txt':
      return [];
  }
}

/** Glob (for file watchers) of every manifest and lockfile the server cares about. */
export const WATCHED_FILE_GLOB = '**/{package.json,package-lock.json,npm-shrinkwrap.json,pyproject.toml,poetry.lock,uv.lock,pylock*.toml,requirements*.txt,constraints*.txt,*.in,requirements/*.txt}';
