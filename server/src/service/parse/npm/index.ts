/** The npm ecosystem's parsers, keyed by the kinds of the table of formats (shared/src/formats.ts). */
import type { LockfileParser, ManifestParser } from '../types';
import { parseNpmLockfile } from './npmLockfile';
import { parsePackageJson } from './packageJson';
import { parseBunLock } from './bunLock';
import { parseBunLockb } from './bunLockb';
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
  'bun.lock': (text, memberPath) => parseBunLock(text, memberPath),
  'bun.lockb': () => parseBunLockb(),
} satisfies Record<string, LockfileParser>;
