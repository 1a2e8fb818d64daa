/**
 * Every URL the service requests from SIGMA, the npm registry and PyPI, built in one place so that no
 * package name or version from a manifest can change which path is requested (docs/security.md).
 * One rule for the name a registry is asked with (`lookupName`: PyPI's PEP 503 form, npm's as
 * published) and two ways of joining it to a base:
 *
 * - Configured bases (the SIGMA API, the npm registry and PyPI of the settings) go through the safe
 *   joining of shared/src/urls.ts: parsed once, http(s) only, query and credentials dropped, each part
 *   one encoded segment checked again by the WHATWG parser; an unsafe part throws `UnsafeUrlError`.
 * - Registry and index URLs that come with the project (an `.npmrc` registry, a requirements file's
 *   `--index-url`) are joined as text and answer null for a name no encoding can keep in place: they
 *   may hold `user:password@` and `${VAR}` references that only the HTTP layer fills in
 *   (service/ports.ts, `expandEnv`), so they cannot be parsed here.
 */
import type { Registry } from './model';
import { normalizePypiName } from './parse/python/pep503';
import { encodeSegment, joinSegments, webOrigin, webUrl } from '../../../shared/src/urls';

/** What the trust stage needs to key its caches by base and to tell a refused URL from a failed request. */
export { UnsafeUrlError, baseRoot } from '../../../shared/src/urls';

/** The name a registry is asked with: PyPI's PEP 503 form (what PyPI redirects to), npm's as published. */
export function lookupName(registry: Registry, name: string): string {
  return registry === 'pypi' ? normalizePypiName(name) : name;
}

// --- SIGMA (configured base) ---

const PACKAGES = ['api', 'v1', 'public', 'packages'];

/** `GET {api}/api/v1/public/packages/:registry/:name/:version` (docs/registry-api.md §1). */
export function certificateUrl(apiUrl: string, registry: Registry, name: string, version: string): string {
  return joinSegments(apiUrl, [...PACKAGES, encodeSegment(registry), encodeSegment(lookupName(registry, name)), encodeSegment(version)]);
}

/** `GET {api}/api/v1/public/packages/:registry/:name/:version/verify` built from the base (docs/registry-api.md §2). */
export function builtVerifyUrl(apiUrl: string, registry: Registry, name: string, version: string): string {
  return `${certificateUrl(apiUrl, registry, name, version)}/verify`;
}

/**
 * The verify URL to request and to show: the certificate's own `verifyEndpoint` only when it is an
 * http(s) URL on the configured API's origin (a certificate must not send the client, or the user's
 * browser, to another host); otherwise the URL built from the base. `certificate`: the caller's
 * `certificateUrl` of the same arguments, when it has just built it (each build parses a URL; this
 * runs once per certificate read, docs/benchmarks.md).
 */
export function resolveVerifyUrl(apiUrl: string, registry: Registry, name: string, version: string, verifyEndpoint?: string, certificate?: string): string {
  const built = certificate === undefined ? builtVerifyUrl(apiUrl, registry, name, version) : `${certificate}/verify`;
  if (verifyEndpoint === undefined) return built;
  // sameOrigin(verifyEndpoint, apiUrl), parsing the endpoint once and the API's origin once per setting.
  const endpoint = webUrl(verifyEndpoint);
  const apiOrigin = webOrigin(apiUrl);
  if (endpoint === undefined || apiOrigin === undefined || endpoint.origin !== apiOrigin) return built;
  return `${endpoint.origin}${endpoint.pathname}${endpoint.search}`;
}

/** `GET {api}/api/v1/public/packages/stats` (docs/registry-api.md §4). */
export function statsUrl(apiUrl: string): string {
  return joinSegments(apiUrl, [...PACKAGES, 'stats']);
}

// --- Advisory fallback (configured npm registry and PyPI) ---

/** `POST {npm}/-/npm/v1/security/advisories/bulk` (docs/registry-api.md §3). */
export function npmBulkAdvisoryUrl(npmRegistryUrl: string): string {
  return joinSegments(npmRegistryUrl, ['-', 'npm', 'v1', 'security', 'advisories', 'bulk']);
}

/** `GET {pypi}/pypi/:name/:version/json` with the PEP 503 name (docs/registry-api.md §3). */
export function pypiReleaseUrl(pypiUrl: string, name: string, version: string): string {
  return joinSegments(pypiUrl, ['pypi', encodeSegment(lookupName('pypi', name)), encodeSegment(version), 'json']);
}

// --- Version lists (registry and index URLs of the project, joined as text) ---

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * `encodeURIComponent`, or null for text it cannot encode (lone UTF-16 surrogates). Unlike
 * `encodeSegment` it lets `.` through: a scope or name part may be a dot once it is joined with
 * the rest of a scoped name (`@..%2fx` is one segment).
 */
function encodeOrNull(text: string): string | null {
  try {
    return encodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * `${registry}/${name}` with a scoped name's `/` sent as `%2f` (`@types%2fnode`, as npm itself sends
 * it). Null for names that cannot be a path segment: empty, `.` and `..` (URL parsers treat even
 * their percent-encoded spellings as dot segments, so encoding cannot make them safe).
 */
export function npmPackumentUrl(registryUrl: string, name: string): string | null {
  const asked = lookupName('npm', name);
  if (asked === '' || asked === '.' || asked === '..') return null;
  const slash = asked.indexOf('/');
  const encoded =
    asked.startsWith('@') && slash > 0
      ? joinScoped(encodeOrNull(asked.slice(1, slash)), encodeOrNull(asked.slice(slash + 1)))
      : encodeOrNull(asked);
  return encoded === null ? null : `${trimSlashes(registryUrl)}/${encoded}`;
}

function joinScoped(scope: string | null, rest: string | null): string | null {
  return scope === null || rest === null ? null : `@${scope}%2f${rest}`;
}

/**
 * The base of the PyPI JSON API for an index URL. A private index is usually configured by its
 * "simple" (PEP 503) URL; indexes that also serve the JSON API (PyPI, devpi, pypiserver-compatible
 * proxies) serve it at the same place with `pypi` instead of `simple`:
 * `https://host/simple/` → `https://host`, `https://host/prefix/simple` → `https://host/prefix`.
 */
export function pypiJsonApiBase(indexUrl: string): string {
  const base = trimSlashes(indexUrl);
  return base.endsWith('/simple') ? base.slice(0, -'/simple'.length) : base;
}

/** `${base}/pypi/${normalised name}/json`; null when the name cannot be encoded. */
export function pypiProjectUrl(indexUrl: string, name: string): string | null {
  const segment = encodeOrNull(lookupName('pypi', name));
  if (segment === null || segment === '') return null;
  return `${pypiJsonApiBase(indexUrl)}/pypi/${segment}/json`;
}

/** `${base}/pypi/${normalised name}/${version}/json` (one release, with its `requires_dist`); null when a part cannot be encoded. */
export function pypiReleaseJsonUrl(indexUrl: string, name: string, version: string): string | null {
  const segment = encodeOrNull(lookupName('pypi', name));
  const v = encodeOrNull(version);
  if (segment === null || segment === '' || v === null || v === '' || v === '.' || v === '..') return null;
  return `${pypiJsonApiBase(indexUrl)}/pypi/${segment}/${v}/json`;
}

/** The URL without `user:password@`, for cache keys (the cache may be written to disk). */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}
