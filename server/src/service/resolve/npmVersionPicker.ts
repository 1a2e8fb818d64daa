/**
 * The version `npm install` picks for a dependency, following npm's own manifest-picking rules:
 * the `latest` dist-tag when it satisfies the range and is not deprecated, else the newest satisfying
 * version that is not deprecated, else the newest satisfying one. Engines, publish-time (`--before`)
 * and policy restrictions are not evaluated.
 */
import { clean, rcompare, satisfies, validRange } from 'semver';
import type { NpmPackumentSummary } from './npmPackument';
import type { VersionPick } from './versionPick';

export type { VersionPick } from './versionPick';
export type { NpmPackumentSummary, NpmVersionInfo } from './npmPackument';
export { readNpmPackument } from './npmPackument';


/**
 * Specs for which npm takes `latest` without a range test, even when `latest` is a pre-release.
 * (`x` is an ordinary range to npm: it matches every version but no pre-release.)
 */
const ANY = new Set(['', '*']);

export function pickNpmVersion(packument: NpmPackumentSummary, constraint: string, kind: 'range' | 'tag' | 'exact'): VersionPick {
  const spec = constraint.trim();
  const { versions, distTags, name } = packument;
  if (kind === 'tag') {
    const tagged = Object.prototype.hasOwnProperty.call(distTags, spec) ? distTags[spec] : undefined;
    if (tagged === undefined) return { version: null, reason: `${name} has no dist-tag '${spec}'` };
    if (!versions.has(tagged)) return { version: null, reason: `dist-tag '${spec}' of ${name} points to ${tagged}, which is not in its version list` };
    return { version: tagged };
  }
  if (kind === 'exact') {
    const version = clean(spec) ?? spec;
    return versions.has(version) ? { version } : { version: null, reason: `${name}@${version} is not published on the registry` };
  }

  const any = ANY.has(spec);
  const range = any ? '*' : spec;
  if (validRange(range) === null) return { version: null, reason: `'${spec}' is not a valid semver range` };
  const latest = distTags.latest;
  if (latest !== undefined && versions.has(latest) && !versions.get(latest)!.deprecated && (any || satisfies(latest, range))) {
    return { version: latest };
  }
  const candidates = [...versions.keys()].filter((v) => satisfies(v, range));
  if (candidates.length === 0) {
    return { version: null, reason: versions.size === 0 ? `${name} has no published versions` : `no version of ${name} satisfies '${any ? '*' : spec}'` };
  }
  candidates.sort((a, b) => Number(Boolean(versions.get(a)!.deprecated)) - Number(Boolean(versions.get(b)!.deprecated)) || rcompare(a, b));
  return { version: candidates[0] };
}
