/**
 * Fetches version lists (npm packuments, PyPI project documents) through the HTTP port, keeps their
 * small summarised form in the `versions` cache namespace, and falls back to a stale entry when the
 * registry cannot answer, so a failure never loses what was known before.
 */
import type { Freshness, UnresolvedCause } from '../model';
import { normalizePypiName } from '../parse/python/pep503';
import type { CacheStore, Clock, HttpPort, HttpRequest } from '../ports';
import { NETWORK_FAILURE_KINDS } from '../ports';
import { isFresh, readCacheEntry } from '../cacheAge';
import { npmPackumentToJson, readNpmPackument } from './npmPackument';
import type { NpmPackumentSummary } from './npmPackument';
import { pypiProjectToJson, readPypiProject } from './pypiProject';
import type { PypiProjectSummary } from './pypiProject';
import { npmPackumentUrl, pypiJsonApiBase, pypiProjectUrl, pypiReleaseJsonUrl, withoutCredentials } from '../registryUrls';
import { npmDeclaredToJson, pypiRequiresDistToJson, readNpmDeclared, readPypiRequiresDist } from './declaredDependencies';
import type { DeclaredNpmDependencies } from './declaredDependencies';

export type Fetched<T> =
  | { value: T; freshness: Freshness; /** Epoch ms when the registry answered. */ fetchedAt: number }
  | { error: string; networkFailure: boolean; /** The caller's signal stopped it: not an answer, never to be kept. */ cancelled?: boolean; /** Absent means a failed lookup. */ cause?: UnresolvedCause };

export interface FetchOptions {
  /** Cache only: never ask the network (CLI `--offline`). */
  offline?: boolean;
  /** The index URL is a requirements file's own, with `${VAR}` references for the HTTP layer to fill in (ports.ts). */
  expandEnv?: boolean;
}

export interface VersionSource {
  npmPackument(registryUrl: string, name: string, signal?: AbortSignal, opts?: FetchOptions): Promise<Fetched<NpmPackumentSummary>>;
  pypiProject(indexBaseUrl: string, name: string, signal?: AbortSignal, opts?: FetchOptions): Promise<Fetched<PypiProjectSummary>>;
  /** What one npm version declares it depends on (a parent's ranges, for the override quick fix; docs/tree.md). */
  npmDeclared(registryUrl: string, name: string, version: string, signal?: AbortSignal): Promise<Fetched<DeclaredNpmDependencies>>;
  /** One PyPI release's `requires_dist` (a parent's specifiers, for the override quick fix; docs/tree.md). */
  pypiRequiresDist(indexBaseUrl: string, name: string, version: string, signal?: AbortSignal): Promise<Fetched<string[]>>;
}

export interface VersionSourceDeps {
  http: HttpPort;
  cache: CacheStore;
  clock: Clock;
  /** Read on every call so a settings change applies at once. */
  ttlMs: () => number;
}

/** Abbreviated packuments of the largest packages are a few MB; full ones can be tens of MB. */
const NPM_MAX_BYTES = 20 * 1024 * 1024;
const PYPI_MAX_BYTES = 20 * 1024 * 1024;
const NPM_ACCEPT = 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8';

interface Kind<T> {
  what: string;
  key: string;
  url: string | null;
  name: string;
  headers: Record<string, string>;
  maxBytes: number;
  read(json: unknown): T | { invalid: string };
  toJson(value: T): unknown;
}

export function createVersionSource(deps: VersionSourceDeps): VersionSource {
  // Decoded summaries by cached value object: a store that hands back the same object skips re-reading.
  const decoded = new WeakMap<object, unknown>();

  function readCached<T>(kind: Kind<T>, now: number): { value: T; storedAt: number } | undefined {
    const entry = readCacheEntry(deps.cache, 'versions', kind.key, now);
    if (!entry) return undefined;
    const raw = entry.value;
    if (typeof raw === 'object' && raw !== null && decoded.has(raw)) return { value: decoded.get(raw) as T, storedAt: entry.storedAt };
    const value = kind.read(raw);
    // An unreadable entry (older format, damaged file) is simply a miss.
    if (typeof value === 'object' && value !== null && 'invalid' in value) return undefined;
    if (typeof raw === 'object' && raw !== null) decoded.set(raw, value);
    return { value, storedAt: entry.storedAt };
  }

  async function load<T>(kind: Kind<T>, signal: AbortSignal | undefined, opts: FetchOptions | undefined): Promise<Fetched<T>> {
    if (kind.url === null) return { error: `'${kind.name}' cannot be looked up: it is not a valid package name`, networkFailure: false, cause: 'invalid' };
    const cached = readCached(kind, deps.clock.now());
    if (cached && isFresh(cached.storedAt, deps.clock.now(), deps.ttlMs())) return { value: cached.value, freshness: 'cached', fetchedAt: cached.storedAt };
    const fallback = (error: string, networkFailure: boolean, cause: UnresolvedCause): Fetched<T> =>
      cached ? { value: cached.value, freshness: 'stale', fetchedAt: cached.storedAt } : { error, networkFailure, cause };
    if (opts?.offline) return fallback(`offline, and the versions of ${kind.name} are not in the cache`, false, 'offline-miss');

    const request: HttpRequest = { method: 'GET', url: kind.url, headers: kind.headers, maxBytes: kind.maxBytes };
    if (opts?.expandEnv) request.expandEnv = true;
    if (signal) request.signal = signal;
    const answer = await deps.http.request(request);
    if (!answer.ok) {
      if (answer.kind === 'aborted') return { error: 'the lookup was cancelled', networkFailure: false, cancelled: true, cause: 'cancelled' };
      const network = NETWORK_FAILURE_KINDS.has(answer.kind);
      // docs/security.md: a destination the policy refused, or an index URL whose variable is unset.
      const cause = network ? 'network' : answer.kind === 'not-allowed' ? 'refused' : answer.kind === 'unset-variable' ? 'unset-variable' : 'failed';
      return fallback(`${kind.what} ${network ? 'could not be reached' : cause === 'failed' ? 'failed' : 'was not asked'}: ${answer.message}`, network, cause);
    }
    // 404 is a definite answer (no such package), so no stale copy stands in for it.
    if (answer.status === 404 || answer.status === 410) return { error: `${kind.name} was not found on the registry`, networkFailure: false, cause: 'not-found' };
    if (answer.status < 200 || answer.status > 299) return fallback(`${kind.what} answered HTTP ${answer.status}`, false, 'failed');
    const value = kind.read(answer.json);
    if (typeof value === 'object' && value !== null && 'invalid' in value) return fallback(`${kind.what} gave an invalid answer: ${value.invalid}`, false, 'failed');
    const fetchedAt = deps.clock.now();
    deps.cache.set('versions', kind.key, { value: kind.toJson(value), storedAt: fetchedAt });
    return { value, freshness: 'live', fetchedAt };
  }

  return {
    npmPackument(registryUrl, name, signal, opts) {
      return load<NpmPackumentSummary>(
        {
          what: 'the npm registry',
          key: `npm|${withoutCredentials(registryUrl).replace(/\/+$/, '')}|${name}`,
          url: npmPackumentUrl(registryUrl, name),
          name,
          headers: { accept: NPM_ACCEPT },
          maxBytes: NPM_MAX_BYTES,
          read: (json) => readNpmPackument(json, name),
          toJson: npmPackumentToJson,
        },
        signal,
        opts,
      );
    },
    pypiProject(indexBaseUrl, name, signal, opts) {
      return load<PypiProjectSummary>(
        {
          what: 'the package index',
          key: `pypi|${withoutCredentials(pypiJsonApiBase(indexBaseUrl))}|${normalizePypiName(name)}`,
          url: pypiProjectUrl(indexBaseUrl, name),
          name,
          headers: { accept: 'application/json' },
          maxBytes: PYPI_MAX_BYTES,
          read: (json) => readPypiProject(json, name),
          toJson: pypiProjectToJson,
        },
        signal,
        opts,
      );
    },
    npmDeclared(registryUrl, name, version, signal) {
      return load<DeclaredNpmDependencies>(
        {
          what: 'the npm registry',
          key: `npm-declared|${withoutCredentials(registryUrl).replace(/\/+$/, '')}|${name}@${version}`,
          url: npmPackumentUrl(registryUrl, name),
          name,
          headers: { accept: NPM_ACCEPT },
          maxBytes: NPM_MAX_BYTES,
          read: (json) => readNpmDeclared(json, name, version),
          toJson: (declared) => npmDeclaredToJson(name, version, declared),
        },
        signal,
        undefined,
      );
    },
    pypiRequiresDist(indexBaseUrl, name, version, signal) {
      return load<string[]>(
        {
          what: 'the package index',
          key: `pypi-requires|${withoutCredentials(pypiJsonApiBase(indexBaseUrl))}|${normalizePypiName(name)}@${version}`,
          url: pypiReleaseJsonUrl(indexBaseUrl, name, version),
          name,
          headers: { accept: 'application/json' },
          maxBytes: PYPI_MAX_BYTES,
          read: (json) => readPypiRequiresDist(json, name),
          toJson: (requires) => pypiRequiresDistToJson(name, requires),
        },
        signal,
        undefined,
      );
    },
  };
}
