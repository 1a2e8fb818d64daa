/**
 * An npm packument (abbreviated `application/vnd.npm.install-v1+json` or full document) reduced to
 * what version picking and the tarball check need: dist-tags and, per version, deprecation and dist.
 */
import { valid } from 'semver';
import { hasHostileKey, isRecord, quote } from './jsonShape';

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
  if (!isRecord(json)) return { invalid: 'the registry answer is not a JSON object' };
  if (json.name !== askedName) {
    return { invalid: json.name === undefined ? 'the registry answer has no package name' : `the registry answered for '${quote(json.name)}' instead of '${askedName}'` };
  }
  // A package whose every version was unpublished has no `versions`; that is an empty list, not an error.
  const rawVersions = json.versions ?? {};
  const rawTags = json['dist-tags'] ?? {};
  if (!isRecord(rawVersions)) return { invalid: 'the registry answer has a malformed version list' };
  if (!isRecord(rawTags)) return { invalid: 'the registry answer has malformed dist-tags' };
  if (hasHostileKey(rawVersions) || hasHostileKey(rawTags)) return { invalid: 'the registry answer has a forbidden key' };

  const versions = new Map<string, NpmVersionInfo>();
  for (const [version, entry] of Object.entries(rawVersions)) {
    // The registry stores versions in canonical form; anything else is not installable by npm.
    if (valid(version) !== version || !isRecord(entry)) continue;
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
  if (typeof entry.deprecated === 'string' && entry.deprecated !== '') info.deprecated = entry.deprecated;
  const dist = isRecord(entry.dist) ? entry.dist : {};
  if (typeof dist.integrity === 'string') info.integrity = dist.integrity;
  if (typeof dist.shasum === 'string') info.shasum = dist.shasum;
  if (typeof dist.tarball === 'string') info.tarball = dist.tarball;
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
