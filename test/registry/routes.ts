/**
 * Maps a raw request path to an endpoint and the identity it names. Each segment is decoded exactly
 * once, after splitting on `/`, so an encoded `%2F` stays inside its segment (`%40types%2Fnode` is the
 * one name `@types/node`) and `%252F` stays the literal text `%2F`.
 */
import type { EndpointName } from './types';
import type { RegistryName } from './data';

export interface RouteMatch {
  endpoint: EndpointName;
  registry?: RegistryName;
  package?: string;
  version?: string;
  draftId?: string;
  /** For `npmTarball`: the lookup key into `data.npm.tarballs` (`/name/-/file.tgz`). */
  tarballPath?: string;
  /** For PyPI endpoints: the private-index prefix the request came through (`/private-index`), or ''. */
  pypiPrefix?: string;
  /** Why the path cannot be served although its shape is known (bad percent-encoding, unknown registry). */
  invalid?: string;
}

function decodeSegments(rawSegments: string[]): string[] | undefined {
  try {
    return rawSegments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function sigmaRoute(method: string, seg: string[]): RouteMatch | undefined {
  if (seg[0] !== 'api' || seg[1] !== 'v1') return undefined;
  if (seg[2] === 'public' && seg[3] === 'packages' && method === 'GET') {
    if (seg.length === 5 && seg[4] === 'stats') return { endpoint: 'stats' };
    const isVerify = seg.length === 8 && seg[7] === 'verify';
    if (seg.length !== 7 && !isVerify) return undefined;
    const registry = seg[4];
    const match: RouteMatch = { endpoint: isVerify ? 'verify' : 'certificate', package: seg[5], version: seg[6] };
    if (registry === 'npm' || registry === 'pypi') match.registry = registry;
    else match.invalid = `unknown registry ${JSON.stringify(registry)}`;
    return match;
  }
  if (seg[2] === 'sigma' && seg[3] === 'dev' && seg[4] === 'drafts' && seg.length === 7 && seg[6] === 'package-preview' && method === 'POST') {
    return { endpoint: 'preview', draftId: seg[5] };
  }
  return undefined;
}

/** `/pypi/:name/json`, `/pypi/:name/:version/json`, and the same under one prefix segment (a private index). */
function pypiRoute(method: string, raw: string[], seg: string[]): RouteMatch | undefined {
  if (method !== 'GET') return undefined;
  const prefixed = seg[1] === 'pypi' && seg[0] !== 'pypi' && seg[0] !== 'api' && seg[0] !== '' && !seg[0]?.startsWith('@');
  if (seg[0] !== 'pypi' && !prefixed) return undefined;
  const rest = seg.slice(prefixed ? 2 : 1);
  const pypiPrefix = prefixed ? `/${raw[0]}` : '';
  if (rest[rest.length - 1] !== 'json') return undefined;
  if (rest.length === 2) return { endpoint: 'pypiProject', registry: 'pypi', package: rest[0], pypiPrefix };
  if (rest.length === 3) return { endpoint: 'pypiRelease', registry: 'pypi', package: rest[0], version: rest[1], pypiPrefix };
  return undefined;
}

function npmRoute(method: string, raw: string[], seg: string[]): RouteMatch | undefined {
  if (method === 'POST' && raw.join('/') === '-/npm/v1/security/advisories/bulk') return { endpoint: 'npmBulk', registry: 'npm' };
  if (method !== 'GET' || seg[0] === '' || seg[0]?.startsWith('-')) return undefined;
  // A scope may arrive with its slash encoded (`@types%2fnode`, one segment) or literal (two segments).
  const scopedLiteral = raw[0]?.startsWith('@') === true && !seg[0]?.includes('/') && seg.length >= 2;
  const nameLength = scopedLiteral ? 2 : 1;
  const name = seg.slice(0, nameLength).join('/');
  const tail = seg.slice(nameLength);
  if (tail.length === 0) return { endpoint: 'npmPackument', registry: 'npm', package: name };
  if (tail.length === 2 && tail[0] === '-' && tail[1]?.endsWith('.tgz')) {
    const file = tail[1];
    const bare = name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
    const version = file.startsWith(`${bare}-`) ? file.slice(bare.length + 1, -'.tgz'.length) : undefined;
    return { endpoint: 'npmTarball', registry: 'npm', package: name, version, tarballPath: `/${name}/-/${file}` };
  }
  return undefined;
}

export function matchRoute(method: string, rawPath: string): RouteMatch {
  const path = rawPath.split('?')[0] ?? '';
  if (!path.startsWith('/')) return { endpoint: 'unknown' };
  const raw = path.slice(1).split('/');
  const seg = decodeSegments(raw);
  if (!seg) return { endpoint: 'unknown', invalid: 'malformed percent-encoding' };
  return sigmaRoute(method, seg) ?? pypiRoute(method, raw, seg) ?? npmRoute(method, raw, seg) ?? { endpoint: 'unknown' };
}
