/**
 * `sigma.ignore` entries: `{ package: "npm:left-pad@<2", reason, until: "2027-01-31" }`.
 * A suppression hides a dependency's findings until its expiry date (inclusive); after that the
 * findings come back and say that the suppression expired.
 */
import * as semver from 'semver';
import type { IgnoreEntry } from '../../../../shared/src/protocol';
import type { CheckedDependency, Finding, Registry } from '../model';
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

const UNTIL_FORM = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The expiry moment of `until` (end of that day, UTC); undefined when there is none; 'invalid' when it
 * is not a real `YYYY-MM-DD` date. An unreadable expiry must never become "no expiry" (a permanent
 * suppression): such an entry is refused (docs/security.md).
 */
export function expiryOf(until: string | undefined): number | undefined | 'invalid' {
  if (until === undefined || until.trim() === '') return undefined;
  const m = UNTIL_FORM.exec(until.trim());
  if (!m) return 'invalid';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(year, month - 1, day, 23, 59, 59, 999);
  // Date.UTC rolls 2025-02-30 over to March 2nd: a real date reads back the same day and month.
  const back = new Date(t);
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? t : 'invalid';
}

/** One message per `sigma.ignore` entry that is refused (an `until` that is not a date), naming the entry. */
export function ignoreProblems(entries: readonly IgnoreEntry[]): string[] {
  return entries
    .filter((entry) => entry && typeof entry.package === 'string' && expiryOf(typeof entry.until === 'string' ? entry.until : undefined) === 'invalid')
    .map((entry) => `sigma.ignore: the entry for ${entry.package} is not applied — its "until" is ${JSON.stringify(entry.until)}, not a date in the form YYYY-MM-DD (for example 2027-01-31)`);
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
    if (expiry === 'invalid') continue;
    if (expiry !== undefined && now > expiry) {
      expired = entry;
      continue;
    }
    return { state: 'active', entry };
  }
  return expired ? { state: 'expired', entry: expired } : { state: 'none' };
}

/**
 * What a dependency shows under its suppression match: no findings while an entry is active; every
 * finding, saying that the suppression expired, once its date has passed; every finding otherwise.
 * The same for a direct dependency and a package of the tree.
 */
export function applySuppression(findings: Finding[], match: SuppressionMatch): Pick<CheckedDependency, 'suppression' | 'findings'> {
  if (match.state === 'active') return { suppression: { state: 'active', reason: match.entry.reason ?? '', until: match.entry.until }, findings: [] };
  if (match.state === 'expired') {
    return {
      suppression: { state: 'expired', reason: match.entry.reason ?? '', until: match.entry.until },
      findings: findings.map((f) => ({ ...f, message: `${f.message} (suppression expired ${match.entry.until ?? ''})` })),
    };
  }
  return { suppression: undefined, findings };
}
