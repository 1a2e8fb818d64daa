/**
 * Trust facts for exact versions: the SIGMA certificate, the verify payload when the certificate
 * has no advisory snapshot, and registry advisories when SIGMA has none — all through the cache,
 * in parallel (the HttpPort bounds concurrency per host), published item by item as each is final.
 */
import type { RegistryStats, StatsResult } from '../../../../shared/src/protocol';
import type { Advisory, Certificate, Freshness, LookupFailure, TrustFacts } from '../model';
import type { CacheStore, Clock, HttpPort, Logger } from '../ports';
import { normaliseSeverity } from './advisories';
import { type FetchContext, type Outcome, OFFLINE_MISS, isFresh } from './cachedFetch';
import { type RegistryAdvisories, fetchNpmAdvisories, fetchPypiAdvisories } from './registryFallback';
import { fetchCertificate, fetchVerify } from './sigmaFetch';
import { readRegistryStats } from './statsReader';
import { UnsafeUrlError, baseRoot, statsUrl } from '../registryUrls';

import { trustKey, type TrustItem, type TrustSettings } from '../trustTypes';

export { trustKey, type TrustItem, type TrustSettings } from '../trustTypes';

export interface CheckOptions {
  signal?: AbortSignal;
  /** Called once per key as soon as that version's facts are final (progressive publishing). */
  onResult?: (key: string, facts: TrustFacts) => void;
  /** Use the cache only; never touch the network. */
  offline?: boolean;
  /**
   * npm versions whose registry advisories a later check will need (the whole tree, docs/tree.md):
   * when this check sends its bulk POST, they ride along and land in the cache, so the later check
   * sends none. Never a reason to send a POST on their own. Asked when the POST leaves, so a driver
   * can read the tree while the direct lookups are on the network.
   */
  advisoryPrefetch?: () => readonly TrustItem[] | undefined;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  offline?: boolean;
  /** Ask the verify endpoint even when a fresh cached payload exists (the explicit verify command). */
  refresh?: boolean;
}

export interface TrustService {
  /** Facts per `trustKey(item)` for every item that finished; cancelled items are left out. */
  checkVersions(items: readonly TrustItem[], settings: TrustSettings, opts?: CheckOptions): Promise<Map<string, TrustFacts>>;
  /** Like checkVersions for one item, but always reads the verify payload (integrity details). Undefined when cancelled. */
  verifyNow(item: TrustItem, settings: TrustSettings, opts?: VerifyOptions): Promise<TrustFacts | undefined>;
  /** Registry statistics, kept in memory for STATS_TTL_MS; the last good answer is returned stale on failure. */
  getStats(apiUrl: string, opts?: { signal?: AbortSignal; offline?: boolean }): Promise<StatsResult>;
}

/** Stats change slowly and the view polls them; a minute spares the API without showing old figures. */
export const STATS_TTL_MS = 60_000;

/**
 * How many lookups run at once, per request slot of a host. A lookup's chain does its set-up (cache
 * read, URL, gate) up to its first wait at once; starting all 3,000 of a tree's lookups before the
 * first request left put ~0.3 ms each in front of it (docs/benchmarks.md). A few per slot keep every
 * slot busy (certificate and verify share the SIGMA host; cache hits finish at once) while the rest
 * start as earlier ones finish, in the batch's order.
 */
const LOOKUPS_PER_SLOT = 4;
const MIN_LOOKUP_WINDOW = 16;

export function lookupWindow(settings: Pick<TrustSettings, 'maxConcurrentRequests'>): number {
  return Math.max(MIN_LOOKUP_WINDOW, LOOKUPS_PER_SLOT * (settings.maxConcurrentRequests ?? 16));
}

const FRESHNESS_RANK: Readonly<Record<Freshness, number>> = { live: 0, cached: 1, stale: 2 };

/** What SIGMA said about one version, before any registry fallback. */
interface SigmaPart {
  status: TrustFacts['status'];
  certificate: Certificate | null;
  raw: unknown;
  advisories: Advisory[] | null;
  advisorySource: 'sigma' | 'verify' | null;
  ages: Array<{ freshness: Freshness; fetchedAt: number }>;
  errors: string[];
  networkFailure: boolean;
  /** Why the certificate lookup failed (status `error`). */
  failure?: LookupFailure;
  /** The verify payload was needed for advisory rows and could not be read. */
  verifyFailure?: LookupFailure;
}

interface RunMode {
  forceVerify: boolean;
  refreshVerify: boolean;
}

/** Rows SIGMA counted (`registryAdvisoryCount`) beyond the rows it sent: a snapshot short of its count is incomplete. */
function rowsMissing(certificate: Certificate, rows: readonly Advisory[] | null): number {
  return Math.max(0, (certificate.registryAdvisoryCount ?? 0) - (rows?.length ?? 0));
}

/** Integrity details and any missing advisory fields of the verify payload added to the certificate. */
function mergeVerify(certificate: Certificate, verify: Certificate): Certificate {
  const merged: Certificate = { ...certificate };
  for (const key of ['fileSetHash', 'councilRoundId', 'distributionSha256', 'registryAdvisoryCount', 'registryAdvisoryHighestSeverity', 'registryAdvisorySummary'] as const) {
    if (merged[key] === undefined && verify[key] !== undefined) Object.assign(merged, { [key]: verify[key] });
  }
  const details: Record<string, string> = { ...verify.details };
  // Two endpoints naming different reviewed bytes is worth showing, not silently resolving.
  if (verify.distributionSha256 !== undefined && certificate.distributionSha256 !== undefined && verify.distributionSha256 !== certificate.distributionSha256) {
    details['verify.distributionSha256'] = verify.distributionSha256;
  }
  if (Object.keys(details).length > 0) merged.details = details;
  if (merged.registryAdvisories === null && verify.registryAdvisories !== null) merged.registryAdvisories = verify.registryAdvisories;
  return merged;
}

/**
 * `keepRawCertificates: false` leaves `TrustFacts.rawCertificate` null: only the CLI's JSON report
 * prints the certificate as received; the language server would hold a second copy of every
 * certificate for nothing (docs/decisions.md, "Cached certificates are held as text").
 */
export function createTrustService(deps: { http: HttpPort; cache: CacheStore; clock: Clock; logger?: Logger; keepRawCertificates?: boolean }): TrustService {
  const { http, cache, clock, logger } = deps;
  const keepRaw = deps.keepRawCertificates ?? true;
  const stats = new Map<string, { stats: RegistryStats; fetchedAt: number }>();

  async function sigmaPart(item: TrustItem, settings: TrustSettings, ctx: FetchContext, mode: RunMode): Promise<SigmaPart | undefined> {
    const part: SigmaPart = { status: 'error', certificate: null, raw: null, advisories: null, advisorySource: null, ages: [], errors: [], networkFailure: false };
    const note = (outcome: { error?: string; networkFailure?: boolean }): void => {
      if (outcome.error !== undefined) part.errors.push(outcome.error);
      if (outcome.networkFailure === true) part.networkFailure = true;
    };
    const certificate = await fetchCertificate(ctx, settings.apiUrl, item);
    if (certificate.kind === 'cancelled') return undefined;
    note(certificate);
    if (certificate.kind === 'failed') {
      logger?.warn(`${trustKey(item)}: ${certificate.error}`);
      part.failure = certificate.cause ?? 'failed';
      return part;
    }
    part.ages.push(certificate);
    if (!certificate.value.found) {
      part.status = 'uncertified';
      return part;
    }
    part.certificate = certificate.value.certificate;
    if (keepRaw) part.raw = certificate.value.raw;
    part.status = part.certificate.verdict;
    if (part.certificate.registryAdvisories !== null) {
      part.advisories = part.certificate.registryAdvisories;
      part.advisorySource = 'sigma';
    }
    // A snapshot with fewer rows than SIGMA's own count is not "checked, none": the verify payload
    // carries the rows (docs/security.md).
    if (part.advisories !== null && !mode.forceVerify && rowsMissing(part.certificate, part.advisories) === 0) return part;

    const verifyCtx = mode.refreshVerify ? { ...ctx, ttlMs: 0 } : ctx;
    const verify = await fetchVerify(verifyCtx, settings.apiUrl, item, part.certificate.verifyUrl);
    if (verify.kind === 'cancelled') return undefined;
    note(verify);
    if (verify.kind === 'failed') {
      logger?.warn(`${trustKey(item)}: ${verify.error}`);
      if (part.advisories === null) part.verifyFailure = verify.cause ?? 'failed';
      return part;
    }
    part.ages.push(verify);
    if (!verify.value.found) return part;
    part.certificate = mergeVerify(part.certificate, verify.value.certificate);
    // The verify payload resolves advisories live and carries the rows, so its count is the one the
    // rows are held to (docs/registry-api.md §2).
    if (verify.value.certificate.registryAdvisoryCount !== undefined) {
      part.certificate.registryAdvisoryCount = verify.value.certificate.registryAdvisoryCount;
      part.certificate.registryAdvisoryHighestSeverity = verify.value.certificate.registryAdvisoryHighestSeverity;
    }
    const verifyRows = verify.value.certificate.registryAdvisories;
    if (part.advisories === null && part.certificate.registryAdvisories !== null) {
      part.advisories = part.certificate.registryAdvisories;
      part.advisorySource = 'verify';
    } else if (part.advisories !== null && verifyRows !== null && verifyRows.length > part.advisories.length) {
      // The certificate's snapshot was short of its count; verify's rows are the fuller answer.
      part.advisories = verifyRows;
      part.advisorySource = 'verify';
    }
    return part;
  }

  function toFacts(part: SigmaPart, registry?: Outcome<RegistryAdvisories>): TrustFacts {
    const ages = [...part.ages];
    const errors = [...part.errors];
    let networkFailure = part.networkFailure;
    let advisories = part.advisories;
    let advisorySource: TrustFacts['advisorySource'] = part.advisorySource;
    let registryHashes: string[] | undefined;
    if (registry?.kind === 'value') {
      advisories = registry.value.advisories;
      advisorySource = 'registry';
      registryHashes = registry.value.sha256;
      ages.push(registry);
    }
    // Advisory rows that were asked for and did not come: unknown, never "none" (docs/security.md).
    let advisoriesUnknown: LookupFailure | undefined;
    if (advisories === null) advisoriesUnknown = registry?.kind === 'failed' ? (registry.cause ?? 'failed') : part.verifyFailure;
    if (registry !== undefined && registry.kind !== 'cancelled') {
      if (registry.error !== undefined) errors.push(registry.kind === 'failed' && registry.error === OFFLINE_MISS ? `registry advisories: ${registry.error}` : registry.error);
      if (registry.networkFailure === true) networkFailure = true;
    }
    const worst = ages.reduce<Freshness>((acc, age) => (FRESHNESS_RANK[age.freshness] > FRESHNESS_RANK[acc] ? age.freshness : acc), 'live');
    const facts: TrustFacts = {
      status: part.status,
      certificate: part.certificate,
      rawCertificate: part.raw,
      advisories: advisories ?? [],
      advisorySource: advisories === null ? null : advisorySource,
      freshness: worst,
      // The oldest piece decides how old the whole is.
      fetchedAt: ages.length > 0 ? Math.min(...ages.map((age) => age.fetchedAt)) : clock.now(),
    };
    if (errors.length > 0) facts.error = errors.join('; ');
    if (networkFailure) facts.networkFailure = true;
    if (part.status === 'error') facts.failure = part.failure ?? 'failed';
    if (advisoriesUnknown !== undefined && part.status !== 'error') facts.advisoriesUnknown = advisoriesUnknown;
    if (registryHashes !== undefined) facts.registryHashes = registryHashes;
    const missing = part.certificate ? rowsMissing(part.certificate, advisories) : 0;
    if (missing > 0 && part.certificate) {
      facts.advisoriesWithoutRows = { count: missing, highestSeverity: normaliseSeverity(part.certificate.registryAdvisoryHighestSeverity) };
    }
    return facts;
  }

  async function run(items: readonly TrustItem[], settings: TrustSettings, opts: CheckOptions, mode: RunMode): Promise<Map<string, TrustFacts>> {
    const results = new Map<string, TrustFacts>();
    const unique = new Map<string, TrustItem>();
    for (const item of items) if (!unique.has(trustKey(item))) unique.set(trustKey(item), item);
    const ctx: FetchContext = { http, cache, clock, ttlMs: settings.cacheTtlMs, offline: opts.offline === true, signal: opts.signal };
    const finish = (key: string, facts: TrustFacts): void => {
      results.set(key, facts);
      try {
        opts.onResult?.(key, facts);
      } catch (error) {
        logger?.error(`onResult for ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    // npm versions that need registry advisories wait here for the single bulk POST.
    const npmWaiting: Array<{ key: string; item: TrustItem; part: SigmaPart }> = [];
    const sendBulk = async (): Promise<void> => {
      if (npmWaiting.length === 0) return;
      const prefetch = (opts.advisoryPrefetch?.() ?? []).filter((item) => item.registry === 'npm' && !unique.has(trustKey(item)));
      const outcomes = await fetchNpmAdvisories(ctx, settings.npmRegistryUrl, [...npmWaiting.map(({ item }) => item), ...prefetch]);
      for (const { key, item, part } of npmWaiting) {
        const outcome = outcomes.get(`${item.name}@${item.version}`);
        if (outcome !== undefined && outcome.kind !== 'cancelled') finish(key, toFacts(part, outcome));
      }
    };
    // The bulk POST leaves as soon as the last npm version has its SIGMA answer, not after the PyPI
    // lookups and fallbacks of the same batch too.
    let npmLeft = 0;
    for (const item of unique.values()) if (item.registry === 'npm') npmLeft++;
    let bulk: Promise<void> = Promise.resolve();
    const npmSettled = (): void => {
      if (--npmLeft === 0) bulk = sendBulk();
    };

    const lookUp = async (key: string, item: TrustItem): Promise<void> => {
        const part = await sigmaPart(item, settings, ctx, mode);
        if (part === undefined) {
          if (item.registry === 'npm') npmSettled();
          return;
        }
        if (part.advisories !== null || !settings.advisoryFallback) {
          finish(key, toFacts(part));
          if (item.registry === 'npm') npmSettled();
        } else if (item.registry === 'npm') {
          npmWaiting.push({ key, item, part });
          npmSettled();
        } else {
          const registry = await fetchPypiAdvisories(ctx, settings.pypiUrl, item);
          if (registry.kind !== 'cancelled') finish(key, toFacts(part, registry));
        }
    };
    // A fixed window of lookups, each starting the next in the batch's order as it ends.
    const queue = [...unique];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length) {
        const [key, item] = queue[next++];
        await lookUp(key, item);
      }
    };
    await Promise.all(Array.from({ length: Math.min(lookupWindow(settings), queue.length) }, worker));
    await bulk;
    return results;
  }

  async function getStats(apiUrl: string, opts: { signal?: AbortSignal; offline?: boolean } = {}): Promise<StatsResult> {
    let url: string;
    let root: string;
    try {
      url = statsUrl(apiUrl);
      root = baseRoot(apiUrl);
    } catch (error) {
      if (error instanceof UnsafeUrlError) return { ok: false, message: error.message };
      throw error;
    }
    const known = stats.get(root);
    const now = clock.now();
    if (known !== undefined && (isFresh(known.fetchedAt, now, STATS_TTL_MS) || opts.offline === true)) {
      return { ok: true, stats: known.stats, fetchedAt: known.fetchedAt, stale: !isFresh(known.fetchedAt, now, STATS_TTL_MS) };
    }
    if (opts.offline === true) return { ok: false, message: 'registry statistics: not in cache (offline)' };
    const result = await http.request({ method: 'GET', url, headers: { accept: 'application/json' }, maxBytes: 256 * 1024, signal: opts.signal });
    let message: string;
    if (!result.ok) message = result.message;
    else if (result.status < 200 || result.status > 299) message = `SIGMA answered HTTP ${result.status}`;
    else {
      const read = readRegistryStats(result.json);
      if (read !== null) {
        const fetchedAt = clock.now();
        stats.set(root, { stats: read, fetchedAt });
        return { ok: true, stats: read, fetchedAt, stale: false };
      }
      message = 'the statistics answer is not a JSON object';
    }
    if (known !== undefined) return { ok: true, stats: known.stats, fetchedAt: known.fetchedAt, stale: true };
    return { ok: false, message: `registry statistics unavailable: ${message}` };
  }

  return {
    checkVersions: (items, settings, opts = {}) => run(items, settings, opts, { forceVerify: false, refreshVerify: false }),
    verifyNow: async (item, settings, opts = {}) => {
      const results = await run([item], settings, opts, { forceVerify: true, refreshVerify: opts.refresh === true });
      return results.get(trustKey(item));
    },
    getStats,
  };
}
