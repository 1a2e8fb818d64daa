/**
 * The draft package preview (docs/registry-api.md §5), the one call that carries the developer token. The
 * extension and the CLI make it themselves; the language server never sees the token. The token
 * goes only into the `authorization` header of this request, only over HTTPS (or to loopback), and
 * never into a message: every message is also scrubbed of it in case a lower layer echoes it.
 */
import type { HttpPort, HttpResult } from './http';
import { isObject, own, readBoolean, readId, readNumber, readText, renderList, renderNote } from './jsonReading';
import { UnsafeUrlError, encodeSegment, isInsecureRemote, joinSegments } from './urls';

/** `POST {api}/api/v1/sigma/dev/drafts/:draftId/package-preview` (docs/registry-api.md §5). */
export function draftPreviewUrl(apiUrl: string, draftId: string): string {
  return joinSegments(apiUrl, ['api', 'v1', 'sigma', 'dev', 'drafts', encodeSegment(draftId), 'package-preview']);
}

export interface DraftPreviewItem {
  packageName: string;
  packageVersion: string;
  /** `npm` / `pypi`, or any other value verbatim. */
  registrySource: string;
  /** `DIRECT` in the reference; shown verbatim. */
  dependencyType?: string;
  cached?: boolean;
  /** `CERTIFIED`, `TO_AUDIT`, `REJECTED`, `UNCERTIFIED` or any other value verbatim. */
  status: string;
  estimatedComplexityTier?: string;
  estimatedPriceUsd?: number;
  warnings: string[];
}

export interface DraftPreview {
  /** Always true in a successful result; `enabled: false` answers come back as kind `disabled`. */
  enabled: boolean;
  packagesTotal?: number;
  packagesCertifiedFromCache?: number;
  packagesToAudit?: number;
  packagesRejected?: number;
  packagesUncertified?: number;
  transitiveDependenciesChecked?: number;
  transitiveDependenciesUncertified?: number;
  savingsUsd?: number;
  uncachedCostUsd?: number;
  items: DraftPreviewItem[];
  /** Items beyond the cap that were not kept (counted so the UI can say so). */
  omittedItems?: number;
}

export type DraftPreviewFailureKind = 'disabled' | 'unauthorized' | 'not-found' | 'network' | 'invalid' | 'insecure';

export type DraftPreviewResult = { ok: true; preview: DraftPreview } | { ok: false; kind: DraftPreviewFailureKind; message: string };

const TOTAL_FIELDS = [
  'packagesTotal',
  'packagesCertifiedFromCache',
  'packagesToAudit',
  'packagesRejected',
  'packagesUncertified',
  'transitiveDependenciesChecked',
  'transitiveDependenciesUncertified',
  'savingsUsd',
  'uncachedCostUsd',
] as const;

/** A manifest's direct dependencies; more than this is not a real draft. */
const MAX_PREVIEW_ITEMS = 2000;

const PREVIEW_MAX_BYTES = 4 * 1024 * 1024;

function readItem(value: unknown): DraftPreviewItem | undefined {
  if (!isObject(value)) return undefined;
  const item: DraftPreviewItem = {
    packageName: readText(own(value, 'packageName'), 300) ?? '',
    packageVersion: readId(own(value, 'packageVersion'), 300) ?? '',
    registrySource: readText(own(value, 'registrySource'), 50) ?? '',
    status: readText(own(value, 'status'), 100) ?? 'UNKNOWN',
    warnings: renderList(own(value, 'warnings'), renderNote, 'warnings'),
  };
  const dependencyType = readText(own(value, 'dependencyType'), 100);
  if (dependencyType !== undefined) item.dependencyType = dependencyType;
  const cached = readBoolean(own(value, 'cached'));
  if (cached !== undefined) item.cached = cached;
  const tier = readText(own(value, 'estimatedComplexityTier'), 100);
  if (tier !== undefined) item.estimatedComplexityTier = tier;
  const price = readNumber(own(value, 'estimatedPriceUsd'));
  if (price !== undefined) item.estimatedPriceUsd = price;
  return item;
}

/**
 * The preview from an answer body. `enabled` missing counts as enabled (an answer with figures
 * but no flag is still a preview); only an explicit `false` means the feature is off.
 */
export function readDraftPreview(json: unknown): DraftPreview | undefined {
  if (!isObject(json)) return undefined;
  const preview: DraftPreview = { enabled: own(json, 'enabled') !== false, items: [] };
  for (const key of TOTAL_FIELDS) {
    const number = readNumber(own(json, key));
    if (number !== undefined) preview[key] = number;
  }
  const items = own(json, 'items');
  if (Array.isArray(items)) {
    for (const value of items.slice(0, MAX_PREVIEW_ITEMS)) {
      const item = readItem(value);
      if (item !== undefined) preview.items.push(item);
    }
    if (items.length > MAX_PREVIEW_ITEMS) preview.omittedItems = items.length - MAX_PREVIEW_ITEMS;
  }
  return preview;
}

/** Every occurrence of the token replaced, so no message can carry it even if a lower layer echoed it. */
function scrub(message: string, token: string): string {
  return token.length > 0 ? message.split(token).join('[token]') : message;
}

function failure(kind: DraftPreviewFailureKind, message: string, token: string): DraftPreviewResult {
  return { ok: false, kind, message: scrub(message, token) };
}

function statusFailure(status: number, draftId: string, token: string): DraftPreviewResult {
  if (status === 401 || status === 403) {
    return failure('unauthorized', `The developer token was refused (HTTP ${status}). Set or renew the SIGMA developer token.`, token);
  }
  if (status === 404) return failure('not-found', `No draft "${draftId.slice(0, 100).replace(/[\u0000-\u001f\u007f]/g, '?')}" was found for this account.`, token);
  return failure('network', `The package preview failed: SIGMA answered HTTP ${status}.`, token);
}

function interpret(result: HttpResult, draftId: string, token: string): DraftPreviewResult {
  if (!result.ok) {
    if (result.kind === 'insecure') return failure('insecure', result.message, token);
    if (result.status !== undefined && [401, 403, 404].includes(result.status)) return statusFailure(result.status, draftId, token);
    if (result.kind === 'invalid-json' || result.kind === 'too-large') return failure('invalid', `The package preview answer could not be read: ${result.message}`, token);
    return failure('network', `The package preview failed: ${result.message}`, token);
  }
  if (result.status < 200 || result.status > 299) return statusFailure(result.status, draftId, token);
  const preview = readDraftPreview(result.json);
  if (preview === undefined) return failure('invalid', 'The package preview answer is not a JSON object.', token);
  if (!preview.enabled) return failure('disabled', 'The package preview is not enabled for this account.', token);
  return { ok: true, preview };
}

/**
 * `POST {apiUrl}/api/v1/sigma/dev/drafts/:draftId/package-preview` with `authorization: Bearer <token>`.
 * Refused before any request when the token is empty or unsendable, the draft id unusable, or the
 * API is plain HTTP to another machine.
 */
export async function fetchDraftPreview(http: HttpPort, apiUrl: string, draftId: string, token: string, signal?: AbortSignal): Promise<DraftPreviewResult> {
  const secret = token.trim();
  if (secret === '') return failure('unauthorized', 'No developer token is set. Set the SIGMA developer token first.', token);
  // A line break or other control character would let the token split the header; undici refuses it anyway.
  if (/[\u0000-\u001f\u007f]/.test(secret)) return failure('unauthorized', 'The developer token contains characters that cannot be sent. Set it again.', token);
  let url: string;
  try {
    url = draftPreviewUrl(apiUrl, draftId.trim());
  } catch (error) {
    if (error instanceof UnsafeUrlError) return failure('invalid', `Cannot request the package preview: ${error.message}.`, token);
    throw error;
  }
  if (isInsecureRemote(url)) {
    return failure('insecure', 'The developer token is only sent over HTTPS (plain HTTP only to this machine). Use an https:// API URL.', token);
  }
  const result = await http.request({ method: 'POST', url, headers: { accept: 'application/json', authorization: `Bearer ${secret}` }, maxBytes: PREVIEW_MAX_BYTES, signal });
  return interpret(result, draftId, secret);
}
