/**
 * Registry URLs built so that no package name can change the request path: every part of a name is
 * percent-encoded as one path segment.
 */
import { normalizePypiName } from '../parse/python/pep503';

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `encodeURIComponent`, or null for text it cannot encode (lone UTF-16 surrogates). */
function encodeSegment(text: string): string | null {
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
  if (name === '' || name === '.' || name === '..') return null;
  const slash = name.indexOf('/');
  const encoded =
    name.startsWith('@') && slash > 0
      ? joinScoped(encodeSegment(name.slice(1, slash)), encodeSegment(name.slice(slash + 1)))
      : encodeSegment(name);
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
  const segment = encodeSegment(normalizePypiName(name));
  if (segment === null || segment === '') return null;
  return `${pypiJsonApiBase(indexUrl)}/pypi/${segment}/json`;
}

/** The URL without `user:password@`, for cache keys (the cache may be written to disk). */
export function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1');
}
