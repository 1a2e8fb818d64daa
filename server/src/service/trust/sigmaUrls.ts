/**
 * Every URL the trust stage requests, built with the safe path joining of shared/src/urls.ts so
 * that no name or version from a manifest can change which path is requested.
 */
import type { Registry } from '../model';
import { normalizePypiName } from '../parse/python/pep503';
import { encodeSegment, joinSegments, sameOrigin } from '../../../../shared/src/urls';

export { UnsafeUrlError, baseRoot, encodeSegment, isInsecureRemote, isLoopbackHost, sameOrigin } from '../../../../shared/src/urls';

/** The name a registry is asked with: PyPI's PEP 503 form (what PyPI redirects to), npm's as published. */
export function lookupName(registry: Registry, name: string): string {
  return registry === 'pypi' ? normalizePypiName(name) : name;
}

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
 * browser, to another host); otherwise the URL built from the base.
 */
export function resolveVerifyUrl(apiUrl: string, registry: Registry, name: string, version: string, verifyEndpoint?: string): string {
  const built = builtVerifyUrl(apiUrl, registry, name, version);
  if (verifyEndpoint === undefined || !sameOrigin(verifyEndpoint, apiUrl)) return built;
  const endpoint = new URL(verifyEndpoint);
  return `${endpoint.origin}${endpoint.pathname}${endpoint.search}`;
}

/** `GET {api}/api/v1/public/packages/stats` (docs/registry-api.md §4). */
export function statsUrl(apiUrl: string): string {
  return joinSegments(apiUrl, [...PACKAGES, 'stats']);
}

/** `POST {npm}/-/npm/v1/security/advisories/bulk` (docs/registry-api.md §3). */
export function npmBulkAdvisoryUrl(npmRegistryUrl: string): string {
  return joinSegments(npmRegistryUrl, ['-', 'npm', 'v1', 'security', 'advisories', 'bulk']);
}

/** `GET {pypi}/pypi/:name/:version/json` with the PEP 503 name (docs/registry-api.md §3). */
export function pypiReleaseUrl(pypiUrl: string, name: string, version: string): string {
  return joinSegments(pypiUrl, ['pypi', encodeSegment(normalizePypiName(name)), encodeSegment(version), 'json']);
}
