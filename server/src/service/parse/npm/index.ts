/** The npm ecosystem's parsers, keyed by the kinds of the table of formats (shared/src/formats.ts). */
import type { LockfileParser, ManifestParser } from '../types';
import { parseNpmLockfile } from './npmLockfile';
import { parsePackageJson } from './packageJson';
import { parsePnpmLock } from './pnpmLock';
import { parseYarnLock } from './yarnLock';

export const npmManifestParsers = {
  'package.json': (text) => parsePackageJson(text),
} satisfies Record<string, ManifestParser>;

export const npmLockfileParsers = {
  'package-lock.json': (text, memberPath) => parseNpmLockfile(text, 'package-lock.json', memberPath),
  'npm-shrinkwrap.json': (text, memberPath) => parseNpmLockfile(text, 'npm-shrinkwrap.json', memberPath),
  'yarn.lock': (text, memberPath) => parseYarnLock(text, { memberPath }),
  'pnpm-lock.yaml': (text, memberPath) => parsePnpmLock(text, memberPath),
} satisfies Record<string, LockfileParser>;
