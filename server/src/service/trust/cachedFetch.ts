/**
 * One cached GET/POST: fresh cache → no request; otherwise ask, keep a valid answer, and when the
 * answer is missing or unusable fall back to the stale entry rather than lose what was known.
 */
import type { Freshness, LookupFailure } from '../model';
import type { CacheNamespace, CacheStore, Clock, HttpAnswer, HttpPort, HttpRequest } from '../ports';
import { NETWORK_FAILURE_KINDS } from '../ports';
import { isFresh, readCacheEntry } from '../cacheAge';

/** What one lookup produced (the port's failure messages are plain and carry no secrets). `error`/`networkFailure` on a value explain why a stale one is shown. */
export type Outcome<T> =
  | { kind: 'value'; value: T; freshness: Freshness; fetchedAt: number; error?: string; networkFailure?: boolean }
  | { kind: 'failed'; error: string; networkFailure: boolean; /** Why, as data; absent means `failed`. */ cause?: LookupFailure }
  | { kind: 'cancelled' };

/** A valid answer: what to keep in the cache, and what it means. */
export type Interpretation<T> = { ok: true; stored: unknown; value: T } | { ok: false; error: string };

export interface FetchContext {
  http: HttpPort;
  cache: CacheStore;
  clock: Clock;
  ttlMs: number;
  offline: boolean;
  signal?: AbortSignal;
}

export interface CachedFetchSpec<T> {
  namespace: CacheNamespace;
  key: string;
  request: HttpRequest;
  /** Turns an answered request into a value (or says why the answer is unusable). */
  interpret(answer: HttpAnswer): Interpretation<T>;
  /** Reads a cached value back; it is validated again, so a damaged cache file is only a miss. */
  revive(stored: unknown): T | undefined;
  /** Prefix for failure messages, e.g. "SIGMA certificate lookup failed". */
  failurePrefix: string;
}

/** The error of a lookup that found nothing in the cache while offline. */
export const OFFLINE_MISS = 'not in cache (offline)';

/**
 * Read through a function so the compiler does not treat `aborted` as fixed after an earlier check:
 * the signal can fire while a request is awaited.
 */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

export { isFresh } from '../cacheAge';

export async function cachedFetch<T>(ctx: FetchContext, spec: CachedFetchSpec<T>): Promise<Outcome<T>> {
  const now = ctx.clock.now();
  const entry = readCacheEntry(ctx.cache, spec.namespace, spec.key, now);
  const revived = entry === undefined ? undefined : spec.revive(entry.value);
  const cached = revived === undefined || entry === undefined ? undefined : { value: revived, storedAt: entry.storedAt };
  if (cached !== undefined && isFresh(cached.storedAt, now, ctx.ttlMs)) {
    return { kind: 'value', value: cached.value, freshness: 'cached', fetchedAt: cached.storedAt };
  }
  if (ctx.offline) {
    return cached === undefined
      ? { kind: 'failed', error: OFFLINE_MISS, networkFailure: false, cause: 'offline-miss' }
      : { kind: 'value', value: cached.value, freshness: 'stale', fetchedAt: cached.storedAt };
  }
  if (isAborted(ctx.signal)) return { kind: 'cancelled' };

  const result = await ctx.http.request({ ...spec.request, signal: ctx.signal });
  if (!result.ok && (result.kind === 'aborted' || isAborted(ctx.signal))) return { kind: 'cancelled' };
  const reading: Interpretation<T> = result.ok ? spec.interpret(result) : { ok: false, error: result.message };
  if (reading.ok) {
    const fetchedAt = ctx.clock.now();
    ctx.cache.set(spec.namespace, spec.key, { value: reading.stored, storedAt: fetchedAt });
    return { kind: 'value', value: reading.value, freshness: 'live', fetchedAt };
  }
  const error = `${spec.failurePrefix}: ${reading.error}`;
  const networkFailure = !result.ok && NETWORK_FAILURE_KINDS.has(result.kind);
  if (cached !== undefined) return { kind: 'value', value: cached.value, freshness: 'stale', fetchedAt: cached.storedAt, error, networkFailure };
  return { kind: 'failed', error, networkFailure, cause: networkFailure ? 'network' : 'failed' };
}
