/** One entry point per manifest or lockfile kind, so drivers never pick a parser themselves. */
import type { LockfileKind, ManifestKind, ParsedLockfile, ParsedManifest } from '../model';
import { parsePackageJson } from './packageJson';
import { parseRequirements } from './requirementsTxt';
import { parsePyproject } from './pyprojectToml';
import { parseNpmLockfile } from './npmLockfile';
import { parsePoetryLock } from './poetryLock';
import { parseUvLock } from './uvLock';
import { parsePylock } from './pylock';

export interface ManifestParseOptions {
  /** Environment for `${VAR}` references in requirements files. */
  env?: Record<string, string | undefined>;
  /** The file is a constraints file (`constraints*.txt`). */
  constraints?: boolean;
}

export function parseManifest(kind: ManifestKind, text: string, opts: ManifestParseOptions = {}): ParsedManifest {
  switch (kind) {
    case 'package.json':
      return parsePackageJson(text);
    case 'requirements.txt':
      return parseRequirements(text, opts);
    case 'pyproject.toml':
      return parsePyproject(text);
  }
}

/** `memberPath`: for an npm workspace member, its folder relative to the lockfile's folder (posix). */
export function parseLockfile(kind: LockfileKind, text: string, memberPath?: string): ParsedLockfile {
  switch (kind) {
    case 'package-lock.json':
    case 'npm-shrinkwrap.json':
      return parseNpmLockfile(text, kind, memberPath);
    case 'poetry.lock':
      return parsePoetryLock(text);
    case 'uv.lock':
      return parseUvLock(text);
    case 'pylock.toml':
      return parsePylock(text);
  }
}
