/**
 * Builds the pipeline with real outside-world adapters (undici HTTP client, disk cache, clock) for the
 * Node drivers: the LSP server and the CLI share this, so both behave the same.
 */
import type { SigmaSettings, StatsResult, VerifyPackageParams, VerifyPackageResult } from '../../../shared/src/protocol';
import { createChecker, type Checker } from '../service/checker';
import { computeFindings, statusOf } from '../service/features/findings';
import { renderCard } from '../service/features/hover';
import { findPinTargets, type PinTargets } from '../service/features/pinTargets';
import type { CheckedDependency, Dependency, Resolution } from '../service/model';
import type { Clock, Logger } from '../service/ports';
import { createResolver } from '../service/resolve/resolver';
import { createVersionSource } from '../service/resolve/versionSource';
import { normalizePypiName } from '../service/parse/python/pep503';
import { checkNpmTarball, type TarballCheck } from '../service/trust/tarballIntegrity';
import { createTrustService, type TrustService } from '../service/trust/trustService';
import { createDiskCache } from './cache/diskCache';
import { createHttpClient, type HttpClient } from '../../../shared/node/http/httpClient';

export interface EngineOptions {
  /** Folder of the persistent cache; memory only when absent. */
  cacheDir?: string;
  settings: SigmaSettings;
  logger?: Logger;
  /** VS Code's `http.proxy` / `http.proxyStrictSSL`, when the client passes them. */
  proxyUrl?: string;
  strictSSL?: boolean;
}

export interface Engine {
  readonly checker: Checker;
  readonly http: HttpClient;
  configure(settings: SigmaSettings): void;
  stats(settings: SigmaSettings): Promise<StatsResult>;
  verifyPackage(params: VerifyPackageParams, settings: SigmaSettings): Promise<VerifyPackageResult>;
  pinTargets(dep: Dependency, resolution: Resolution, settings: SigmaSettings, signal?: AbortSignal): Promise<PinTargets>;
  /** The entry with the verify payload's integrity details (file set hash, council round) added, for the hover card. */
  withVerifyDetails(entry: CheckedDependency, settings: SigmaSettings, signal?: AbortSignal): Promise<CheckedDependency>;
  /** Downloads an npm dependency's tarball and compares it with the lockfile and the certificate. */
  verifyTarball(entry: CheckedDependency, settings: SigmaSettings, signal?: AbortSignal): Promise<TarballCheck>;
  /** Every cached answer must be asked again; it stays as the stale fallback when asking fails. */
  clearCaches(): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const PIN_TARGET_TTL_MS = 5 * 60_000;

export function createEngine(opts: EngineOptions): Engine {
  let current = opts.settings;
  const clock: Clock = { now: () => Date.now() };
  const http = createHttpClient({
    maxConcurrentRequests: current.maxConcurrentRequests,
    requestTimeoutMs: current.requestTimeoutMs,
    proxyUrl: opts.proxyUrl,
    strictSSL: opts.strictSSL,
    sensitiveHeaders: ['authorization'],
    userAgent: 'sigma-package-trust/0.1.0',
    logger: opts.logger,
  });
  const cache = createDiskCache({ dir: opts.cacheDir, logger: opts.logger });
  /**
   * A refresh must ask every answer again without throwing away what was known: when the network
   * fails right after it, the old answers are what the user should see, marked stale (sigma-api.md
   * §6). So a refresh does not empty the cache; it moves this watermark, and an entry stored before
   * it is never fresh. (Emptying the cache lost every result on a refresh during an outage.)
   */
  let refreshedAt = Number.NEGATIVE_INFINITY;
  const ttlSinceRefresh = (ttlMs: number): number => Math.min(ttlMs, Math.max(0, clock.now() - refreshedAt));
  const versions = createVersionSource({ http, cache, clock, ttlMs: () => ttlSinceRefresh(current.cacheTtlMinutes * 60_000) });
  const resolver = createResolver({ versions });
  const service = createTrustService({ http, cache, clock, logger: opts.logger });
  const trust: TrustService = {
    ...service,
    checkVersions: (items, settings, options) => service.checkVersions(items, { ...settings, cacheTtlMs: ttlSinceRefresh(settings.cacheTtlMs) }, options),
    verifyNow: (item, settings, options) => service.verifyNow(item, { ...settings, cacheTtlMs: ttlSinceRefresh(settings.cacheTtlMs) }, options),
  };
  const checker = createChecker({ resolver, trust, clock });
  const pinCache = new Map<string, { at: number; targets: PinTargets }>();

  return {
    checker,
    http,
    configure(settings) {
      if (settings.maxConcurrentRequests !== current.maxConcurrentRequests || settings.requestTimeoutMs !== current.requestTimeoutMs) {
        http.updateOptions({ maxConcurrentRequests: settings.maxConcurrentRequests, requestTimeoutMs: settings.requestTimeoutMs });
      }
      current = settings;
    },
    async stats(settings) {
      return trust.getStats(settings.apiUrl);
    },
    async verifyPackage(params, settings) {
      const name = params.registry === 'pypi' ? normalizePypiName(params.name.trim()) : params.name.trim();
      const version = params.version.trim();
      const found = await trust.verifyNow({ registry: params.registry, name, version }, { apiUrl: settings.apiUrl, npmRegistryUrl: settings.npmRegistryUrl, pypiUrl: settings.pypiUrl, advisoryFallback: settings.advisoryFallback, cacheTtlMs: settings.cacheTtlMinutes * 60_000 }, { refresh: true });
      const facts = found ?? null;
      const dependency: Dependency = { registry: params.registry, name, normalizedName: name, specifier: version, kind: 'exact', constraint: version, section: 'verify', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
      const resolution: Resolution = { version, resolvedFrom: 'exact', hashes: [] };
      const entry: CheckedDependency = { dependency, resolution, facts, status: statusOf(dependency, resolution, facts), findings: computeFindings(dependency, resolution, facts, { settings }) };
      return { status: entry.status, markdown: renderCard(entry), certificateUrl: facts?.certificate?.verifyUrl };
    },
    pinTargets(dep, resolution, settings, signal) {
      const key = `${dep.registry}|${dep.normalizedName}|${dep.kind}|${dep.constraint}|${resolution.version ?? ''}|${settings.apiUrl}`;
      const hit = pinCache.get(key);
      if (hit && clock.now() - hit.at < PIN_TARGET_TTL_MS) return Promise.resolve(hit.targets);
      // Only a complete answer is kept: a cancelled or failed one would hide the fix until it expired.
      return findPinTargets({ versions, trust }, dep, resolution, settings, signal).then(
        (targets) => {
          if (!targets.incomplete) pinCache.set(key, { at: clock.now(), targets });
          return targets;
        },
        (): PinTargets => ({ incomplete: true }),
      );
    },
    verifyTarball(entry, settings, signal) {
      const version = entry.resolution.version;
      if (entry.dependency.registry !== 'npm' || !version) return Promise.resolve({ lockfile: 'unknown', certificate: 'unknown', error: 'only npm dependencies with an exact version have a tarball' });
      return checkNpmTarball(
        { http, versions },
        {
          name: entry.dependency.normalizedName,
          version,
          resolved: entry.resolution.resolvedFrom === 'lockfile' ? entry.resolution.tarballUrl : undefined,
          integrity: entry.resolution.resolvedFrom === 'lockfile' ? entry.resolution.integrity : undefined,
          distributionSha256: entry.facts?.certificate?.distributionSha256,
          npmRegistryUrl: settings.npmRegistryUrl,
        },
        signal,
      );
    },
    async withVerifyDetails(entry, settings, signal) {
      // The certificate endpoint carries no integrity details, but the hover card shows them
      // (interfaces.md §2): read the verify payload on demand, once per version (it is cached).
      const cert = entry.facts?.certificate;
      const version = entry.resolution.version;
      if (!entry.facts || !cert || version === null || (cert.fileSetHash !== undefined && cert.councilRoundId !== undefined)) return entry;
      const item = { registry: entry.dependency.registry, name: entry.dependency.normalizedName, version };
      const trustSettings = { apiUrl: settings.apiUrl, npmRegistryUrl: settings.npmRegistryUrl, pypiUrl: settings.pypiUrl, advisoryFallback: settings.advisoryFallback, cacheTtlMs: settings.cacheTtlMinutes * 60_000 };
      const verified = await trust.verifyNow(item, trustSettings, { signal }).catch(() => undefined);
      const extra = verified?.certificate;
      // Only details are taken: the verdict, advisories and freshness shown stay those of the check.
      if (!extra || verified.status !== entry.facts.status) return entry;
      const certificate = { ...cert, fileSetHash: cert.fileSetHash ?? extra.fileSetHash, councilRoundId: cert.councilRoundId ?? extra.councilRoundId, details: { ...extra.details, ...cert.details } };
      return { ...entry, facts: { ...entry.facts, certificate } };
    },
    clearCaches() {
      refreshedAt = clock.now();
      pinCache.clear();
    },
    flush: () => cache.flush(),
    async close() {
      await cache.close();
      await http.close();
    },
  };
}
