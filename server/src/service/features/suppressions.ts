/**
 * `sigma.ignore` entries: `{ package: "npm:left-pad@<2", reason, until: "2027-01-31" }`.
 * A suppression hides a dependency's findings until its expiry date (inclusive); after that the
 * findings come back and say that the suppression expired.
 */
import * as semver from 'semver';
import type { IgnoreEntry } from '../../../../shared/src/protocol';
import type { Registry } from '../model';
import { normalizePypiName } from '../parse/python/pep503';
import { matchesAll, parseSpecifierSet } from '../resolve/pep440Match';

export type SuppressionMatch = { state: 'active'; entry: IgnoreEntry } | { state: 'expired'; entry: IgnoreEntry } | { state: 'none' };

interface ParsedEntry {
  registry: Registry;
  name: string;
  versionSpec?: string;
}

/** `npm:@scope/name@^1` → registry npm, name `@scope/name`, spec `^1`. */
export function parseIgnorePackage(text: string): ParsedEntry | undefined {
  const m = /^(npm|pypi):(.+)$/.exec(text.trim());
  if (!m) return undefined;
  const registry = m[1] as Registry;
  const rest = m[2];
  // A leading `@` belongs to an npm scope, so look for the version separator after the first character.
  const at = rest.indexOf('@', 1);
  const name = at === -1 ? rest : rest.slice(0, at);
  const versionSpec = at === -1 ? undefined : rest.slice(at + 1).trim() || undefined;
  if (!name) return undefined;
  return { registry, name: registry === 'pypi' ? normalizePypiName(name) : name, versionSpec };
}

function versionMatches(registry: Registry, version: string | null, spec: string | undefined): boolean {
  if (spec === undefined) return true;
  if (version === null) return false;
  if (spec === version) return true;
  try {
    if (registry === 'npm') return semver.satisfies(version, spec);
    const clauses = parseSpecifierSet(/^[0-9]/.test(spec) ? `==${spec}` : spec);
    return clauses !== null && matchesAll(clauses, version);
  } catch {
    return false;
  }
}

/** The expiry moment of `until` (end of that day, UTC), or undefined when there is none or it is unreadable. */
function expiryOf(until: string | undefined): number | undefined {
  if (!until) return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(until) ? `${until}T23:59:59.999Z` : until);
  return Number.isNaN(t) ? undefined : t;
}

export function matchSuppression(
  entries: readonly IgnoreEntry[],
  dep: { registry: Registry; normalizedName: string },
  version: string | null,
  now: number,
): SuppressionMatch {
  let expired: IgnoreEntry | undefined;
  for (const entry of entries) {
    if (!entry || typeof entry.package !== 'string') continue;
    const parsed = parseIgnorePackage(entry.package);
    if (!parsed || parsed.registry !== dep.registry) continue;
    const depName = dep.registry === 'pypi' ? normalizePypiName(dep.normalizedName) : dep.normalizedName;
    if (parsed.name !== depName || !versionMatches(dep.registry, version, parsed.versionSpec)) continue;
    const expiry = expiryOf(typeof entry.until === 'string' ? entry.until : undefined);
    if (expiry !== undefined && now > expiry) {
      expired = entry;
      continue;
    }
    return { state: 'active', entry };
  }
  return expired ? { state: 'expired', entry: expired } : { state: 'none' };
}
