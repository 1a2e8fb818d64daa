/** One entry point per manifest or lockfile kind, so drivers never pick a parser themselves. */
import type { LockfileKind, ManifestKind, ParsedLockfile, ParsedManifest } from '../model';
import { parsePackageJson } from './npm/packageJson';
import { parseRequirements } from './python/requirementsTxt';
import { parsePyproject } from './python/pyprojectToml';
import { parseNpmLockfile } from './npm/npmLockfile';
import { parsePoetryLock } from './python/poetryLock';
import { parseUvLock } from './python/uvLock';
import { parsePylock } from './python/pylock';

export interface ManifestParseOptions {
  /** Environment for `${VAR}` references in requirements files. */
  env?: Record<string, string | undefined>;
  /** The file is a constraints file (`constraints*.txt`). */
  constraints?: boolean;
}

export function parseManifest(kind: ManifestKind, text: string, opts: ManifestParseOptions = {}): ParsedManifest {
  try {
    switch (kind) {
      case 'package.json':
        return parsePackageJson(text);
      case 'requirements.txt':
        return parseRequirements(text, opts);
      case 'pyproject.toml':
        return parsePyproject(text);
    }
  } catch (error) {
    // The JSON and TOML parsers recurse per nesting level: a document nested ~10 000 deep overflows the
    // stack (found with a 100 000-deep package.json: the document was then never checked nor published).
    // Say so on the document instead of leaving it silently unchecked.
    if (!(error instanceof RangeError)) throw error;
    const start = { line: 0, character: 0 };
    return { kind, dependencies: [], errors: [{ message: 'This file is nested too deeply to be read; no dependency was checked.', severity: 'error', range: { start, end: start } }] };
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
