/**
 * An npm packument (abbreviated `application/vnd.npm.install-v1+json` or full document) reduced to
 * what version picking and the tarball check need: dist-tags and, per version, deprecation and dist.
 */
import { valid } from 'semver';
import { hasProtoKey, isObject, own, quote } from '../../../../shared/src/jsonReading';

export interface NpmVersionInfo {
  deprecated?: string;
  integrity?: string;
  shasum?: string;
  tarball?: string;
}

export interface NpmPackumentSummary {
  name: string;
  /** Own keys only (a null-prototype record), so `distTags['constructor']` is undefined. */
  distTags: Record<string, string>;
  versions: Map<string, NpmVersionInfo>;
}

export function readNpmPackument(json: unknown, askedName: string): NpmPackumentSummary | { invalid: string } {
  if (!isObject(json)) return { invalid: 'the registry answer is not a JSON object' };
  const name = own(json, 'name');
  if (name !== askedName) {
    return { invalid: name === undefined ? 'the registry answer has no package name' : `the registry answered for '${quote(name)}' instead of '${askedName}'` };
  }
  // A package whose every version was unpublished has no `versions`; that is an empty list, not an error.
  const rawVersions = own(json, 'versions') ?? {};
  const rawTags = own(json, 'dist-tags') ?? {};
  if (!isObject(rawVersions)) return { invalid: 'the registry answer has a malformed version list' };
  if (!isObject(rawTags)) return { invalid: 'the registry answer has malformed dist-tags' };
  if (hasProtoKey(rawVersions) || hasProtoKey(rawTags)) return { invalid: 'the registry answer has a forbidden key' };

  const versions = new Map<string, NpmVersionInfo>();
  for (const [version, entry] of Object.entries(rawVersions)) {
    // The registry stores versions in canonical form; anything else is not installable by npm.
    if (valid(version) !== version || !isObject(entry)) continue;
    versions.set(version, readVersion(entry));
  }
  const distTags = Object.create(null) as Record<string, string>;
  for (const [tag, version] of Object.entries(rawTags)) {
    if (typeof version === 'string' && valid(version) === version) distTags[tag] = version;
  }
  return { name: askedName, distTags, versions };
}

function readVersion(entry: Record<string, unknown>): NpmVersionInfo {
  const info: NpmVersionInfo = {};
  // npm clears a deprecation by setting it to ''; only a non-empty message means deprecated.
  const deprecated = own(entry, 'deprecated');
  if (typeof deprecated === 'string' && deprecated !== '') info.deprecated = deprecated;
  const rawDist = own(entry, 'dist');
  const dist = isObject(rawDist) ? rawDist : {};
  const integrity = own(dist, 'integrity');
  const shasum = own(dist, 'shasum');
  const tarball = own(dist, 'tarball');
  if (typeof integrity === 'string') info.integrity = integrity;
  if (typeof shasum === 'string') info.shasum = shasum;
  if (typeof tarball === 'string') info.tarball = tarball;
  return info;
}

/** The summary as a minimal abbreviated packument, so the cache stays small and is re-validated on read. */
export function npmPackumentToJson(summary: NpmPackumentSummary): unknown {
  const versions: Record<string, unknown> = {};
  for (const [version, info] of summary.versions) {
    const { deprecated, ...dist } = info;
    versions[version] = deprecated === undefined ? { dist } : { deprecated, dist };
  }
  return { name: summary.name, 'dist-tags': { ...summary.distTags }, versions };
}
