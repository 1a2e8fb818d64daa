/**
 * One entry point per manifest or lockfile kind, so drivers never pick a parser themselves. The
 * kinds come from the table of formats (shared/src/formats.ts); each ecosystem folder supplies its
 * parsers, and the types below make the compiler refuse a kind without one.
 */
import type { LockfileKind, ManifestKind, ParsedLockfile, ParsedManifest } from '../model';
import { npmLockfileParsers, npmManifestParsers } from './npm';
import { pythonLockfileParsers, pythonManifestParsers } from './python';
import type { LockfileParser, ManifestParseOptions, ManifestParser } from './types';

export type { LockfileParser, ManifestParseOptions, ManifestParser } from './types';

export const MANIFEST_PARSERS: Readonly<Record<ManifestKind, ManifestParser>> = { ...npmManifestParsers, ...pythonManifestParsers };
export const LOCKFILE_PARSERS: Readonly<Record<LockfileKind, LockfileParser>> = { ...npmLockfileParsers, ...pythonLockfileParsers };

export function parseManifest(kind: ManifestKind, text: string, opts: ManifestParseOptions = {}): ParsedManifest {
  try {
    return withoutNamelessEntries(MANIFEST_PARSERS[kind](text, opts));
  } catch (error) {
    // The JSON and TOML parsers recurse per nesting level: a document nested ~10 000 deep overflows the
    // stack (found with a 100 000-deep package.json: the document was then never checked nor published).
    // Say so on the document instead of leaving it silently unchecked.
    if (!(error instanceof RangeError)) throw error;
    const start = { line: 0, character: 0 };
    return { kind, dependencies: [], errors: [{ message: 'This file is nested too deeply to be read; no dependency was checked.', severity: 'error', range: { start, end: start } }] };
  }
}

/**
 * An entry whose package name is empty (`"": "1.0"` in package.json, `-e '` in a requirements file)
 * is a problem on its line, never a dependency: a nameless lookup could only be wrong.
 */
export function withoutNamelessEntries(parsed: ParsedManifest): ParsedManifest {
  const nameless = parsed.dependencies.filter((d) => d.name.trim() === '' || d.normalizedName.trim() === '');
  if (nameless.length === 0) return parsed;
  return {
    ...parsed,
    dependencies: parsed.dependencies.filter((d) => !nameless.includes(d)),
    errors: [...parsed.errors, ...nameless.map((d) => ({ message: 'This entry names no package; it was not checked.', severity: 'warning' as const, range: d.range }))],
  };
}

/** `memberPath`: for an npm workspace member, its folder relative to the lockfile's folder (posix). */
export function parseLockfile(kind: LockfileKind, text: string, memberPath?: string): ParsedLockfile {
  return LOCKFILE_PARSERS[kind](text, memberPath);
}
