/**
 * Which lockfile entry pins one manifest dependency (docs/language-server.md, docs/formats/): the entry
 * under the name the manifest uses; where the lockfile holds several versions of that name (Poetry
 * entries with different markers, uv forks), the first that satisfies the dependency's own
 * constraint; and whether the lockfile installs it as a link to a local folder instead.
 */
import { satisfies } from 'semver';
import type { Dependency, LockedPackage, ParsedLockfile } from '../model';
import { normalizePypiName } from '../parse/python/pep503';
import { matchesAll, parseSpecifierSet } from './pep440Match';

/** The key the lockfile uses for this dependency: npm's folder name (the alias key), PyPI's normalised name. */
function lockKey(dep: Dependency): string {
  return dep.registry === 'npm' ? dep.name : normalizePypiName(dep.normalizedName);
}

function satisfiesOwnConstraint(dep: Dependency, version: string): boolean {
  if (dep.constraint.trim() === '') return true;
  if (dep.registry === 'npm') return satisfies(version, dep.constraint, { includePrerelease: true });
  const clauses = parseSpecifierSet(dep.kind === 'exact' && !/^[=<>!~]/.test(dep.constraint.trim()) ? `==${dep.constraint}` : dep.constraint);
  return clauses !== null && matchesAll(clauses, version);
}

/**
 * The lock entry that pins this dependency. npm lockfiles are keyed by the name the manifest uses
 * (the alias key for `npm:` aliases). An entry for a different package under that key (an alias
 * retargeted since the lockfile was written) does not pin it: npm would re-resolve.
 */
export function lockedEntry(dep: Dependency, lockfile: ParsedLockfile | undefined): LockedPackage | undefined {
  if (!lockfile) return undefined;
  const key = lockKey(dep);
  // yarn classic keys its pins by descriptor (`name@specifier`) as well, since one name may have several.
  let entry = (dep.registry === 'npm' ? lockfile.packages.get(`${dep.name}@${dep.specifier}`) : undefined) ?? lockfile.packages.get(key);
  const variants = lockfile.variants?.get(key);
  // Several locked versions: each manifest entry gets the one its own constraint allows (the first
  // entry pinned every constraint of a Poetry multiple-constraints array to one version).
  if (variants !== undefined) entry = variants.find((v) => v.registry === dep.registry && satisfiesOwnConstraint(dep, v.version)) ?? entry;
  if (!entry || entry.registry !== dep.registry) return undefined;
  if (dep.registry === 'npm' && entry.name !== dep.normalizedName && entry.name !== dep.name) return undefined;
  return entry;
}

/** The local folder the lockfile links this dependency to (an npm workspace member), or undefined. */
export function lockedLink(dep: Dependency, lockfile: ParsedLockfile | undefined): string | undefined {
  if (!lockfile?.links || dep.registry !== 'npm') return undefined;
  return lockfile.links.get(dep.name);
}
