/**
 * Does an answer describe the package version that was asked for? A registry or proxy that answers
 * for another package (a redirect, a cache keyed wrongly, a hostile server) must not lend its
 * verdict to the asked one.
 */
import { eq as pep440Equal, valid as pep440Valid } from '@renovatebot/pep440';
import type { Registry } from '../model';
import { normalizePypiName } from '../parse/python/pep503';

/** npm: case-insensitive (legacy mixed-case names exist); PyPI: PEP 503 normalised forms equal. */
export function sameName(registry: Registry, answered: string, asked: string): boolean {
  if (registry === 'pypi') return normalizePypiName(answered) === normalizePypiName(asked);
  return answered.toLowerCase() === asked.toLowerCase();
}

/**
 * Exact or case-insensitive equality; for PyPI also PEP 440 equality (`2.31` = `2.31.0`,
 * `1.0RC1` = `1.0rc1`), because PyPI itself refuses two releases that are equal under PEP 440, so
 * both spellings name the same release.
 */
export function sameVersion(registry: Registry, answered: string, asked: string): boolean {
  if (answered === asked || answered.toLowerCase() === asked.toLowerCase()) return true;
  if (registry !== 'pypi') return false;
  return pep440Valid(answered) !== null && pep440Valid(asked) !== null && pep440Equal(answered, asked);
}
