/**
 * What one published version of a package declares it depends on, read from the registry: the
 * ranges its parents ask for when a lockfile records only the versions it picked (pnpm-lock.yaml,
 * uv.lock), which the override quick fix must respect (docs/tree.md, "Override quick fix").
 * Each reader accepts the registry's answer and the small form kept in the cache.
 */
import { normalizePypiName } from '../parse/python/pep503';
import { hasProtoKey, isObject, own, quote } from '../../../../shared/src/jsonReading';

/** npm: dependency name (as the version's package.json keys it) → range, over the three fields npm installs from. */
export type DeclaredNpmDependencies = Record<string, string>;

const NPM_FIELDS = ['peerDependencies', 'optionalDependencies', 'dependencies'] as const;

/** One version's declared dependencies out of a packument (full or abbreviated). */
export function readNpmDeclared(json: unknown, askedName: string, version: string): DeclaredNpmDependencies | { invalid: string } {
  if (!isObject(json)) return { invalid: 'the registry answer is not a JSON object' };
  const name = own(json, 'name');
  if (name !== askedName) return { invalid: typeof name === 'string' ? `the registry answered for '${quote(name)}' instead of '${askedName}'` : 'the registry answer has no package name' };
  const versions = own(json, 'versions');
  const entry = isObject(versions) ? own(versions, version) : undefined;
  if (!isObject(entry)) return { invalid: `the registry has no version ${version} of ${askedName}` };
  const declared = Object.create(null) as DeclaredNpmDependencies;
  // Later fields win: npm installs a name listed twice from `dependencies` (optional is the same edge).
  for (const field of NPM_FIELDS) {
    const deps = own(entry, field);
    if (!isObject(deps) || hasProtoKey(deps)) continue;
    for (const [dep, range] of Object.entries(deps)) if (typeof range === 'string') declared[dep] = range;
  }
  return declared;
}

export function npmDeclaredToJson(name: string, version: string, declared: DeclaredNpmDependencies): unknown {
  return { name, versions: { [version]: { dependencies: { ...declared } } } };
}

/** PyPI: a release's `requires_dist` (PEP 508 strings) from `GET /pypi/<name>/<version>/json`. */
export function readPypiRequiresDist(json: unknown, askedName: string): string[] | { invalid: string } {
  if (!isObject(json)) return { invalid: 'the index answer is not a JSON object' };
  const info = own(json, 'info');
  const name = isObject(info) ? own(info, 'name') : undefined;
  if (typeof name !== 'string') return { invalid: 'the index answer has no project name' };
  if (normalizePypiName(name) !== normalizePypiName(askedName)) return { invalid: `the index answered for '${quote(name)}' instead of '${askedName}'` };
  const requires = own(info as Record<string, unknown>, 'requires_dist');
  // PyPI sends null for a release that declares nothing.
  if (requires === null || requires === undefined) return [];
  if (!Array.isArray(requires)) return { invalid: 'the index answer has a malformed requires_dist' };
  return requires.filter((r): r is string => typeof r === 'string');
}

export function pypiRequiresDistToJson(name: string, requires: string[]): unknown {
  return { info: { name, requires_dist: requires } };
}
