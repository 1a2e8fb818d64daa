/** The Python ecosystem's parsers, keyed by the kinds of the table of formats (shared/src/formats.ts). */
import type { LockfileParser, ManifestParser } from '../types';
import { parsePipfile } from './pipfile';
import { parsePipfileLock } from './pipfileLock';
import { parsePoetryLock } from './poetryLock';
import { parsePylock } from './pylock';
import { parsePyproject } from './pyprojectToml';
import { parseRequirements } from './requirementsTxt';
import { parseUvLock } from './uvLock';

export const pythonManifestParsers = {
  'requirements.txt': (text, opts) => parseRequirements(text, opts),
  'pyproject.toml': (text) => parsePyproject(text),
  Pipfile: (text) => parsePipfile(text),
} satisfies Record<string, ManifestParser>;

export const pythonLockfileParsers = {
  'poetry.lock': (text) => parsePoetryLock(text),
  'uv.lock': (text) => parseUvLock(text),
  'pylock.toml': (text) => parsePylock(text),
  'Pipfile.lock': (text) => parsePipfileLock(text),
} satisfies Record<string, LockfileParser>;
