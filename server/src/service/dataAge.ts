/**
 * How old a dependency's data is, by the clock rather than by where it came from: an answer fetched
 * live an hour ago is stale once `sigma.cacheTtlMinutes` has passed, and an open document is checked
 * again when its oldest answer ages out (docs/architecture.md, "Scheduling in the server").
 */
import type { Freshness, Resolution, TrustFacts } from './model';

/** When the oldest network data behind this result was fetched (version list or trust facts), or undefined for local-only results. */
export function fetchedAtOf(resolution: Resolution, facts: TrustFacts | null): number | undefined {
  const times: number[] = [];
  if (resolution.fetchedAt !== undefined) times.push(resolution.fetchedAt);
  if (facts) times.push(facts.fetchedAt);
  return times.length === 0 ? undefined : Math.min(...times);
}

/**
 * True once the data is older than the TTL. A TTL of 0 means "never serve from the cache", not
 * "re-check open documents continuously": edits and refreshes still ask again, the age does not.
 */
export function agedOut(fetchedAt: number | undefined, now: number, ttlMs: number): boolean {
  return fetchedAt !== undefined && ttlMs > 0 && now - fetchedAt >= ttlMs;
}

/** The label the user sees: stale when the network failed or when the data has aged out; otherwise as fetched. */
export function freshnessAt(resolution: Resolution, facts: TrustFacts, now: number, ttlMs: number): Freshness {
  if (resolution.stale === true || facts.freshness === 'stale') return 'stale';
  return agedOut(fetchedAtOf(resolution, facts), now, ttlMs) ? 'stale' : facts.freshness;
}

/** The earliest time any of these results ages out, or undefined when none can (no network data, or TTL 0). */
export function nextAgeOut(results: Iterable<{ resolution: Resolution; facts: TrustFacts | null }>, ttlMs: number): number | undefined {
  if (ttlMs <= 0) return undefined;
  let earliest: number | undefined;
  for (const { resolution, facts } of results) {
    const at = fetchedAtOf(resolution, facts);
    if (at !== undefined && (earliest === undefined || at + ttlMs < earliest)) earliest = at + ttlMs;
  }
  return earliest;
}
