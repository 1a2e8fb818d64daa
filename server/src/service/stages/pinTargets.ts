/**
 * Finds the versions a "pin to a certified version" quick fix can offer: the newest SIGMA-approved
 * version that keeps the manifest's intent, and the newest approved version overall. Candidates are
 * probed lazily, newest first, a few at a time and with a bound, so a quick fix costs at most a
 * handful of certificate requests (usually answered from the cache).
 */
import * as semver from 'semver';
import { explain as pep440Explain, rcompare as pep440Rcompare, valid as pep440Valid } from '@renovatebot/pep440';
import type { SigmaSettings } from '../settings';
import type { TrustServiceLike } from '../checker';
import type { Dependency, Registry, Resolution, TrustFacts } from '../model';
import { matchesAll, parseSpecifierSet } from '../resolve/pep440Match';
import type { VersionSource } from '../resolve/versionSource';
import { trustSettingsOf } from '../settings';

/** Largest number of versions probed for each of the two targets. */
export const MAX_PROBES = 12;
const BATCH = 4;

export interface PinTargets {
  withinIntent?: string;
  newest?: string;
  /**
   * Set when a lookup was cancelled or failed, so the targets may be missing or not the newest: such
   * an answer is shown once but never cached (a cancelled request hid the fix for minutes).
   */
  incomplete?: true;
}

interface Candidates {
  /** Newest first; pre-releases, deprecated and yanked versions left out. */
  all: string[];
  fits(version: string): boolean;
}

function npmCandidates(versions: Iterable<[string, { deprecated?: string }]>, dep: Dependency, current: string | null): Candidates {
  const all = [...versions].filter(([v, info]) => !info.deprecated && semver.valid(v) && !semver.prerelease(v)).map(([v]) => v);
  all.sort(semver.rcompare);
  const range = dep.kind === 'range' ? dep.constraint : dep.kind === 'exact' && current ? `^${current}` : '*';
  return { all, fits: (v) => semver.satisfies(v, range || '*') };
}

function pypiCandidates(releases: Iterable<[string, { yanked: boolean }]>, dep: Dependency, current: string | null): Candidates {
  const all = [...releases].filter(([v, info]) => !info.yanked && pep440Valid(v) && !pep440Explain(v)?.is_prerelease).map(([v]) => v);
  all.sort(pep440Rcompare);
  let spec = dep.kind === 'range' ? dep.constraint : '';
  if (dep.kind === 'exact' && current) {
    const major = pep440Explain(current)?.release[0];
    spec = major === undefined ? '' : `>=${major},<${major + 1}`;
  }
  const clauses = spec ? parseSpecifierSet(spec) : [];
  return { all, fits: (v) => clauses !== null && matchesAll(clauses, v) };
}

const SEVERE = new Set(['high', 'critical']);

/** A high or critical advisory, as a row or only in SIGMA's count (the rows never came): no pin target. */
function hasSevereAdvisory(facts: TrustFacts): boolean {
  if (facts.advisories.some((a) => !a.withdrawn && SEVERE.has(a.severity))) return true;
  return facts.advisoriesWithoutRows !== undefined && SEVERE.has(facts.advisoriesWithoutRows.highestSeverity);
}

export interface PinTargetDeps {
  versions: VersionSource;
  trust: TrustServiceLike;
}

export async function findPinTargets(deps: PinTargetDeps, dep: Dependency, resolution: Resolution, settings: SigmaSettings, signal?: AbortSignal): Promise<PinTargets> {
  let candidates: Candidates;
  if (dep.registry === 'npm') {
    const got = await deps.versions.npmPackument(settings.npmRegistryUrl, dep.normalizedName, signal);
    if (!('value' in got)) return { incomplete: true };
    candidates = npmCandidates(got.value.versions, dep, resolution.version);
  } else {
    if (dep.envVariables) return {};
    const got = await deps.versions.pypiProject(dep.indexUrl ?? settings.pypiUrl, dep.normalizedName, signal, dep.indexUrlExpandsEnv ? { expandEnv: true } : undefined);
    if (!('value' in got)) return { incomplete: true };
    candidates = pypiCandidates(got.value.releases, dep, resolution.version);
  }
  const approved = new Map<string, boolean>();
  let incomplete = false;
  const newestApproved = async (list: string[]): Promise<string | undefined> => {
    const found = await newestApprovedOf(deps, dep.registry, dep.normalizedName, list, settings, signal, approved);
    if (found.incomplete) incomplete = true;
    return found.version;
  };
  const withinIntent = await newestApproved(candidates.all.filter((v) => candidates.fits(v)));
  const newest = await newestApproved(candidates.all);
  if (signal?.aborted) incomplete = true;
  return incomplete ? { withinIntent, newest, incomplete: true } : { withinIntent, newest };
}

/**
 * The first of `list` (newest first) that SIGMA approved without a high or critical advisory, probed
 * a few at a time and at most MAX_PROBES deep. `incomplete` when a lookup was cancelled or failed, so
 * the answer may not be the newest. `approved` remembers answers across calls.
 */
export async function newestApprovedOf(
  deps: PinTargetDeps,
  registry: Registry,
  name: string,
  list: readonly string[],
  settings: SigmaSettings,
  signal?: AbortSignal,
  approved = new Map<string, boolean>(),
): Promise<{ version?: string; incomplete: boolean }> {
  const trustSettings = { ...trustSettingsOf(settings), advisoryFallback: false };
  let incomplete = false;
  const bounded = list.slice(0, MAX_PROBES);
  for (let i = 0; i < bounded.length; i += BATCH) {
    if (signal?.aborted) return { incomplete: true };
    const batch = bounded.slice(i, i + BATCH).filter((v) => !approved.has(v));
    if (batch.length > 0) {
      const results = await deps.trust.checkVersions(
        batch.map((version) => ({ registry, name, version })),
        trustSettings,
        { signal },
      );
      for (const version of batch) {
        const facts = results.get(`${registry}:${name}@${version}`);
        // No facts (cancelled) or a failed lookup: this version's standing is unknown, not "not approved".
        if (facts === undefined || facts.status === 'error') incomplete = true;
        approved.set(version, facts?.status === 'approved' && !hasSevereAdvisory(facts));
      }
    }
    const hit = bounded.slice(i, i + BATCH).find((v) => approved.get(v));
    if (hit) return { version: hit, incomplete };
  }
  return { incomplete };
}
