/**
 * Every URL the trust stage requests. Names and versions come from manifests (untrusted text), so
 * each one is encoded as exactly one path segment and the result is checked once more with the
 * WHATWG URL parser — the same parser the HTTP adapter uses — so that no name can change which
 * path is requested.
 */
import type { Registry } from '../model';
import { normalizePypiName } from '../parse/python/pep503';

/** A name, version or base URL that cannot be turned into a safe request. */
export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';
}

/**
 * One path segment. `encodeURIComponent` handles `/ ? # %`, spaces, controls and Unicode, but
 * leaves `.` alone, and the WHATWG parser treats `.`, `..` and their percent-encoded spellings
 * (`%2E`, `.%2e`, …) as dot-segments and removes them (measured: `new URL('http://h/a/%2E%2E/b')`
 * has path `/b`). No encoding of a dot-only segment survives that parser, and no registry allows
 * such a name or version, so they are refused instead of sent.
 */
export function encodeSegment(value: string): string {
  if (value === '') throw new UnsafeUrlError('an empty name or version cannot be looked up');
  if (value === '.' || value === '..') throw new UnsafeUrlError(`"${value}" is not a package name or version`);
  try {
    return encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws on lone surrogates: such text is not a name any registry serves.
    throw new UnsafeUrlError('the name or version is not well-formed Unicode');
  }
}

/** The name a registry is asked with: PyPI's PEP 503 form (what PyPI redirects to), npm's as published. */
export function lookupName(registry: Registry, name: string): string {
  return registry === 'pypi' ? normalizePypiName(name) : name;
}

/**
 * The base URL without a trailing slash, query or fragment, keeping its path (`https://h/sigma/` →
 * `https://h/sigma`) so a deployment under a path prefix works. Only http(s) bases are accepted.
 */
export function baseRoot(base: string): string {
  return parsedBase(base).root;
}

interface ParsedBase {
  root: string;
  /** The root's path as the WHATWG parser gives it, without a trailing slash. */
  rootPath: string;
}

/**
 * The few configured bases, parsed once: every certificate, verify and fallback URL starts from one
 * of them, and parsing the same base several times per request was a visible share of the cold
 * check's CPU (bench/, cold_complete). Small and keyed by the setting's text, so it cannot grow.
 */
const parsedBases = new Map<string, ParsedBase>();
const MAX_PARSED_BASES = 16;

function parsedBase(base: string): ParsedBase {
  const known = parsedBases.get(base);
  if (known) return known;
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new UnsafeUrlError(`"${base.slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnsafeUrlError(`"${url.protocol}" URLs are not supported; use https://`);
  }
  const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const parsed: ParsedBase = { root, rootPath: new URL(root).pathname.replace(/\/+$/, '') };
  if (parsedBases.size >= MAX_PARSED_BASES) parsedBases.clear();
  parsedBases.set(base, parsed);
  return parsed;
}

/** Joins encoded segments under the base and verifies the parser keeps them exactly as built. */
function joinSegments(base: string, segments: readonly string[]): string {
  const { root, rootPath } = parsedBase(base);
  const joined = segments.join('/');
  const url = `${root}/${joined}`;
  if (new URL(url).pathname !== `${rootPath}/${joined}`) throw new UnsafeUrlError('the name or version would change the request path');
  return url;
}

const PACKAGES = ['api', 'v1', 'public', 'packages'];

/** `GET {api}/api/v1/public/packages/:registry/:name/:version` (sigma-api.md §1). */
export function certificateUrl(apiUrl: string, registry: Registry, name: string, version: string): string {
  return joinSegments(apiUrl, [...PACKAGES, encodeSegment(registry), encodeSegment(lookupName(registry, name)), encodeSegment(version)]);
}

/** `GET {api}/api/v1/public/packages/:registry/:name/:version/verify` built from the base (sigma-api.md §2). */
export function builtVerifyUrl(apiUrl: string, registry: Registry, name: string, version: string): string {
  return `${certificateUrl(apiUrl, registry, name, version)}/verify`;
}

/**
 * The verify URL to request and to show: the certificate's own `verifyEndpoint` only when it is an
 * http(s) URL on the configured API's origin (a certificate must not send the client, or the user's
 * browser, to another host); otherwise the URL built from the base.
 */
export function resolveVerifyUrl(apiUrl: string, registry: Registry, name: string, version: string, verifyEndpoint?: string): string {
  const built = builtVerifyUrl(apiUrl, registry, name, version);
  if (verifyEndpoint === undefined || !sameOrigin(verifyEndpoint, apiUrl)) return built;
  const endpoint = new URL(verifyEndpoint);
  return `${endpoint.origin}${endpoint.pathname}${endpoint.search}`;
}

/** `GET {api}/api/v1/public/packages/stats` (sigma-api.md §4). */
export function statsUrl(apiUrl: string): string {
  return joinSegments(apiUrl, [...PACKAGES, 'stats']);
}

/** `POST {api}/api/v1/sigma/dev/drafts/:draftId/package-preview` (sigma-api.md §5). */
export function draftPreviewUrl(apiUrl: string, draftId: string): string {
  return joinSegments(apiUrl, ['api', 'v1', 'sigma', 'dev', 'drafts', encodeSegment(draftId), 'package-preview']);
}

/** `POST {npm}/-/npm/v1/security/advisories/bulk` (sigma-api.md §3). */
export function npmBulkAdvisoryUrl(npmRegistryUrl: string): string {
  return joinSegments(npmRegistryUrl, ['-', 'npm', 'v1', 'security', 'advisories', 'bulk']);
}

/** `GET {pypi}/pypi/:name/:version/json` with the PEP 503 name (sigma-api.md §3). */
export function pypiReleaseUrl(pypiUrl: string, name: string, version: string): string {
  return joinSegments(pypiUrl, ['pypi', encodeSegment(normalizePypiName(name)), encodeSegment(version), 'json']);
}

/**
 * True for hosts that can only be this machine: `localhost`, 127.0.0.0/8 and `::1` (in the forms the
 * WHATWG parser produces: `http://2130706433/` is already `127.0.0.1`, `[0::1]` is `[::1]`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host === '[::1]' || host === '::1') return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return octets !== null && octets.slice(1).every((part) => Number(part) <= 255);
}

/** True when both are parseable http(s) URLs with the same scheme, host and (effective) port. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    const web = (url: URL): boolean => url.protocol === 'https:' || url.protocol === 'http:';
    return web(left) && web(right) && left.origin === right.origin;
  } catch {
    return false;
  }
}

/** True when `url` would send data in clear text to another machine (plain http, not loopback). */
export function isInsecureRemote(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
}
