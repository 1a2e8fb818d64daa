/**
 * The settings type and defaults, and the reading of a raw `sigma` settings object (from
 * workspace/configuration, CLI flags or initialization options). Values of the wrong type fall back to
 * the default, so a typo in settings.json never breaks checking (docs/settings.md).
 */
import type { IgnoreEntry } from '../../../shared/src/protocol';
import type { TrustSettings } from './trustTypes';

/**
 * The `sigma` settings, owned here: every driver (LSP server, CLI) hands the service this shape, and
 * `package.json`'s `contributes.configuration` declares the same defaults (docs/settings.md;
 * test/unit/settingsDefaults.test.ts compares them).
 */
export interface SigmaSettings {
  apiUrl: string;
  npmRegistryUrl: string;
  pypiUrl: string;
  advisoryFallback: boolean;
  resolveRanges: boolean;
  inlineStatus: boolean;
  uncertifiedSeverity: 'error' | 'warning' | 'information' | 'hint' | 'none';
  ignore: IgnoreEntry[];
  cacheTtlMinutes: number;
  maxConcurrentRequests: number;
  requestTimeoutMs: number;
  /**
   * Hosts (`host` or `host:port`) beyond the three URLs above that a manifest's own index may send
   * lookups to. User or machine settings only: the client never passes a workspace's value.
   */
  allowedIndexHosts: string[];
  /** Check every package the lockfile installs, not only the manifest's entries (docs/tree.md). */
  transitive: boolean;
}

export const DEFAULT_SETTINGS: SigmaSettings = {
  apiUrl: 'https://api.soulbyte.tech',
  npmRegistryUrl: 'https://registry.npmjs.org',
  pypiUrl: 'https://pypi.org',
  advisoryFallback: true,
  resolveRanges: true,
  inlineStatus: true,
  uncertifiedSeverity: 'information',
  ignore: [],
  cacheTtlMinutes: 60,
  maxConcurrentRequests: 8,
  requestTimeoutMs: 10000,
  allowedIndexHosts: [],
  transitive: true,
};

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'none']);

function pick<T>(value: unknown, fallback: T, valid: (v: unknown) => boolean): T {
  return valid(value) ? (value as T) : fallback;
}

const isString = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isNumberIn = (min: number, max: number) => (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

function readIgnore(value: unknown): IgnoreEntry[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null && typeof (e as Record<string, unknown>).package === 'string')
    .map((e) => ({ package: String(e.package), reason: typeof e.reason === 'string' ? e.reason : '', until: typeof e.until === 'string' ? e.until : undefined }));
}

/** Normalises a raw `sigma` configuration object (from the client, CLI flags or init options). */
export function normalizeSettings(raw: unknown): SigmaSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  return {
    apiUrl: pick(r.apiUrl, d.apiUrl, isString).replace(/\/+$/, ''),
    npmRegistryUrl: pick(r.npmRegistryUrl, d.npmRegistryUrl, isString).replace(/\/+$/, ''),
    pypiUrl: pick(r.pypiUrl, d.pypiUrl, isString).replace(/\/+$/, ''),
    advisoryFallback: pick(r.advisoryFallback, d.advisoryFallback, isBool),
    resolveRanges: pick(r.resolveRanges, d.resolveRanges, isBool),
    inlineStatus: pick(r.inlineStatus, d.inlineStatus, isBool),
    uncertifiedSeverity: pick(r.uncertifiedSeverity, d.uncertifiedSeverity, (v) => typeof v === 'string' && SEVERITIES.has(v)),
    ignore: readIgnore(r.ignore),
    cacheTtlMinutes: pick(r.cacheTtlMinutes, d.cacheTtlMinutes, isNumberIn(0, 525_600)),
    maxConcurrentRequests: Math.floor(pick(r.maxConcurrentRequests, d.maxConcurrentRequests, isNumberIn(1, 64))),
    requestTimeoutMs: pick(r.requestTimeoutMs, d.requestTimeoutMs, isNumberIn(100, 600_000)),
    allowedIndexHosts: Array.isArray(r.allowedIndexHosts) ? r.allowedIndexHosts.filter((h): h is string => typeof h === 'string' && h.trim() !== '') : [],
    transitive: pick(r.transitive, d.transitive, isBool),
  };
}


/** The trust stage's view of the settings: built here only, so every caller asks with the same values. */
export function trustSettingsOf(settings: SigmaSettings): TrustSettings {
  return { apiUrl: settings.apiUrl, npmRegistryUrl: settings.npmRegistryUrl, pypiUrl: settings.pypiUrl, advisoryFallback: settings.advisoryFallback, cacheTtlMs: settings.cacheTtlMinutes * 60_000, maxConcurrentRequests: settings.maxConcurrentRequests };
}
