/**
 * Registry advisories read directly (docs/registry-api.md §3) when SIGMA has none for a version: one npm
 * bulk POST for all npm versions of a check, one PyPI JSON release GET per PyPI version. This is
 * registry data, never a SIGMA verdict.
 */
import type { Advisory } from '../model';
import { readCacheEntry } from '../cacheAge';
import { type FetchContext, type Outcome, OFFLINE_MISS, cachedFetch, isAborted, isFresh } from './cachedFetch';
import { matchNpmBulk, normaliseAdvisoryList, readPypiRelease } from './advisories';
import { isObject, own, readStringList } from '../../../../shared/src/jsonReading';
import { NETWORK_FAILURE_KINDS } from '../ports';
import { UnsafeUrlError, baseRoot, npmBulkAdvisoryUrl, pypiReleaseUrl } from '../registryUrls';
import { normalizePypiName } from '../parse/python/pep503';

/** Real answers are far smaller; the cap only protects against a runaway body. */
const REGISTRY_MAX_BYTES = 16 * 1024 * 1024;

export interface RegistryAdvisories {
  advisories: Advisory[];
  /** PyPI only: the sha256 of every file of the release. */
  sha256?: string[];
}

export interface NameVersion {
  name: string;
  version: string;
}

const pairKey = (item: NameVersion): string => `${item.name}@${item.version}`;

function reviveAdvisories(stored: unknown, source: Advisory['source']): Advisory[] | undefined {
  return Array.isArray(stored) ? normaliseAdvisoryList(stored, source).advisories : undefined;
}

function urlFailure(error: unknown): { kind: 'failed'; error: string; networkFailure: false; cause: 'refused' } {
  if (error instanceof UnsafeUrlError) return { kind: 'failed', error: `cannot look up registry advisories: ${error.message}`, networkFailure: false, cause: 'refused' };
  throw error;
}

/**
 * npm advisories for every pair, keyed `name@version`. Fresh cache entries are used as they are;
 * all the others go into ONE bulk POST (body sorted, so the same set of versions always makes the
 * same request and shares the port's dedupe key).
 */
export async function fetchNpmAdvisories(ctx: FetchContext, npmRegistryUrl: string, items: readonly NameVersion[]): Promise<Map<string, Outcome<RegistryAdvisories>>> {
  const outcomes = new Map<string, Outcome<RegistryAdvisories>>();
  let url: string;
  let root: string;
  try {
    url = npmBulkAdvisoryUrl(npmRegistryUrl);
    root = baseRoot(npmRegistryUrl);
  } catch (error) {
    const failure = urlFailure(error);
    for (const item of items) outcomes.set(pairKey(item), failure);
    return outcomes;
  }
  const cacheKey = (item: NameVersion): string => `${root}|npm|${pairKey(item)}`;
  const stale = new Map<string, { advisories: Advisory[]; storedAt: number }>();
  const asked = new Map<string, Set<string>>();
  const now = ctx.clock.now();
  for (const item of items) {
    const entry = readCacheEntry(ctx.cache, 'advisories', cacheKey(item), now);
    const advisories = entry === undefined ? undefined : reviveAdvisories(entry.value, 'npm');
    if (entry !== undefined && advisories !== undefined) {
      if (isFresh(entry.storedAt, now, ctx.ttlMs)) {
        outcomes.set(pairKey(item), { kind: 'value', value: { advisories }, freshness: 'cached', fetchedAt: entry.storedAt });
        continue;
      }
      stale.set(pairKey(item), { advisories, storedAt: entry.storedAt });
    }
    if (ctx.offline) {
      const old = stale.get(pairKey(item));
      outcomes.set(
        pairKey(item),
        old === undefined
          ? { kind: 'failed', error: OFFLINE_MISS, networkFailure: false, cause: 'offline-miss' }
          : { kind: 'value', value: { advisories: old.advisories }, freshness: 'stale', fetchedAt: old.storedAt },
      );
      continue;
    }
    asked.set(item.name, (asked.get(item.name) ?? new Set()).add(item.version));
  }
  if (asked.size === 0) return outcomes;
  const pending = items.filter((item) => !outcomes.has(pairKey(item)));
  if (isAborted(ctx.signal)) {
    for (const item of pending) outcomes.set(pairKey(item), { kind: 'cancelled' });
    return outcomes;
  }

  const sortedAsk = new Map([...asked].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, versions]) => [name, [...versions].sort()] as const));
  // Object.fromEntries makes own properties, so a package named `__proto__` is sent like any other.
  const body = JSON.stringify(Object.fromEntries(sortedAsk));
  const result = await ctx.http.request({
    method: 'POST',
    url,
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body,
    gzipBody: true,
    // Every npm version of the batch waits for this one answer: it goes ahead of queued lookups.
    priority: 'first',
    dedupeKey: `POST ${url} ${body}`,
    maxBytes: REGISTRY_MAX_BYTES,
    signal: ctx.signal,
  });
  if (!result.ok && (result.kind === 'aborted' || isAborted(ctx.signal))) {
    for (const item of pending) outcomes.set(pairKey(item), { kind: 'cancelled' });
    return outcomes;
  }
  let error: string | undefined;
  let matched: Map<string, Advisory[]> | null = null;
  if (!result.ok) error = result.message;
  else if (result.status < 200 || result.status > 299) error = `the npm registry answered HTTP ${result.status}`;
  else {
    matched = matchNpmBulk(result.json, sortedAsk);
    if (matched === null) error = 'the npm advisory answer is not a JSON object';
  }

  const fetchedAt = ctx.clock.now();
  const networkFailure = !result.ok && NETWORK_FAILURE_KINDS.has(result.kind);
  for (const item of pending) {
    const advisories = matched?.get(pairKey(item));
    if (advisories !== undefined) {
      ctx.cache.set('advisories', cacheKey(item), { value: advisories, storedAt: fetchedAt });
      outcomes.set(pairKey(item), { kind: 'value', value: { advisories }, freshness: 'live', fetchedAt });
      continue;
    }
    const message = `npm advisory lookup failed: ${error ?? 'no answer for this version'}`;
    const old = stale.get(pairKey(item));
    outcomes.set(
      pairKey(item),
      old === undefined
        ? { kind: 'failed', error: message, networkFailure, cause: networkFailure ? 'network' : 'failed' }
        : { kind: 'value', value: { advisories: old.advisories }, freshness: 'stale', fetchedAt: old.storedAt, error: message, networkFailure },
    );
  }
  return outcomes;
}

/** PyPI vulnerabilities and file digests of one release; a 404 (no such release) means none. */
export async function fetchPypiAdvisories(ctx: FetchContext, pypiUrl: string, item: NameVersion): Promise<Outcome<RegistryAdvisories>> {
  let url: string;
  let key: string;
  try {
    url = pypiReleaseUrl(pypiUrl, item.name, item.version);
    key = `${baseRoot(pypiUrl)}|${normalizePypiName(item.name)}@${item.version}`;
  } catch (error) {
    return urlFailure(error);
  }
  return cachedFetch<RegistryAdvisories>(ctx, {
    namespace: 'pypiRelease',
    key,
    request: { method: 'GET', url, headers: { accept: 'application/json' }, maxBytes: REGISTRY_MAX_BYTES },
    interpret: (answer) => {
      if (answer.status === 404) return { ok: true, stored: { status: 404 }, value: { advisories: [] } };
      if (answer.status < 200 || answer.status > 299) return { ok: false, error: `PyPI answered HTTP ${answer.status}` };
      const release = readPypiRelease(answer.json, item.name, item.version);
      if (!release.ok) return { ok: false, error: release.reason };
      // Only the reduced release is cached: PyPI answers carry the whole project description.
      const stored = { status: 200, vulnerabilities: release.vulnerabilities, sha256: release.sha256 };
      return { ok: true, stored, value: { advisories: release.vulnerabilities, sha256: release.sha256 } };
    },
    revive: (stored) => {
      if (!isObject(stored)) return undefined;
      if (own(stored, 'status') === 404) return { advisories: [] };
      const advisories = own(stored, 'status') === 200 ? reviveAdvisories(own(stored, 'vulnerabilities'), 'pypi') : undefined;
      const sha256 = readStringList(own(stored, 'sha256'), 500, 64).filter((hash) => /^[0-9a-f]{64}$/.test(hash));
      return advisories === undefined ? undefined : { advisories, sha256 };
    },
    failurePrefix: 'PyPI advisory lookup failed',
  });
}
