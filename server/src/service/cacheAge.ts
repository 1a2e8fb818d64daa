/**
 * How old a cache entry is, for every cache that keeps a `storedAt` (certificates, verify payloads,
 * advisories, PyPI releases, version lists). The persistent cache is shared by processes and machines
 * (two editor windows and a CI job, docs/security.md), so an entry may come from a clock that was wrong.
 */
import type { CacheEntry, CacheNamespace, CacheStore } from './ports';

/**
 * How far in the future `storedAt` may lie and the entry still count. A cache folder on a network
 * share or a synced home directory is written by machines whose clocks differ by seconds to a few
 * minutes; refusing those entries would only cost requests. Anything further ahead is a clock that was
 * wrong (or a hand-edited file): with `now - storedAt < ttl` alone it would stay fresh until the
 * clock catches up, possibly for years, and never be asked again.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Stored further in the future than the allowed clock skew. */
export function isFromTheFuture(storedAt: number, now: number): boolean {
  return storedAt > now + CLOCK_SKEW_MS;
}

/** Fetched within the TTL, and not dated beyond the allowed skew. */
export function isFresh(storedAt: number, now: number, ttlMs: number): boolean {
  return !isFromTheFuture(storedAt, now) && now - storedAt < ttlMs;
}

/**
 * A cache entry, or undefined when there is none or it is from the future. A future entry is dropped
 * from the store: it is neither fresh nor a stale stand-in when the network fails (its age is
 * unknown), and the next answer replaces it.
 */
export function readCacheEntry(cache: CacheStore, namespace: CacheNamespace, key: string, now: number): CacheEntry | undefined {
  const entry = cache.get(namespace, key);
  if (entry === undefined || !isFromTheFuture(entry.storedAt, now)) return entry;
  cache.delete(namespace, key);
  return undefined;
}
