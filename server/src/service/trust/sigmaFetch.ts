/**
 * The two per-version SIGMA lookups — certificate (docs/registry-api.md §1) and verify (§2) — through the
 * cache. The cache keeps the raw answer and re-reads it on every use, so a cache entry is held to
 * the same identity check as a live answer.
 */
import type { Certificate } from '../model';
import type { HttpAnswer } from '../ports';
import { type FetchContext, type Interpretation, type Outcome, cachedFetch } from './cachedFetch';
import { type AskedVersion, readCertificate } from './certificateReader';
import { isObject, own } from '../../../../shared/src/jsonReading';
import { UnsafeUrlError, baseRoot, certificateUrl, lookupName, resolveVerifyUrl } from '../registryUrls';

/** No real certificate comes near this; a larger body is a fault (docs/registry-api.md §6). */
const CERTIFICATE_MAX_BYTES = 2 * 1024 * 1024;

export type SigmaAnswer = { found: true; certificate: Certificate; raw: unknown } | { found: false };

const ACCEPT_JSON = { accept: 'application/json' };

/** Cache key: the API base plus the canonical identity, so two configured APIs never share answers. */
function sigmaKey(apiUrl: string, asked: AskedVersion): string {
  return `${baseRoot(apiUrl)}|${asked.registry}|${lookupName(asked.registry, asked.name)}|${asked.version}`;
}

function interpretSigma(answer: HttpAnswer, asked: AskedVersion, fromVerify: boolean): Interpretation<SigmaAnswer> {
  if (answer.status === 404) return { ok: true, stored: { status: 404 }, value: { found: false } };
  if (answer.status < 200 || answer.status > 299) return { ok: false, error: `SIGMA answered HTTP ${answer.status}` };
  const reading = readCertificate(answer.json, asked, { fromVerify });
  if (!reading.ok) return { ok: false, error: `invalid answer: ${reading.reason}` };
  return { ok: true, stored: { status: 200, json: answer.json }, value: { found: true, certificate: reading.certificate, raw: answer.json } };
}

function reviveSigma(stored: unknown, asked: AskedVersion, fromVerify: boolean): SigmaAnswer | undefined {
  if (!isObject(stored)) return undefined;
  if (own(stored, 'status') === 404) return { found: false };
  if (own(stored, 'status') !== 200) return undefined;
  const raw = own(stored, 'json');
  const reading = readCertificate(raw, asked, { fromVerify });
  return reading.ok ? { found: true, certificate: reading.certificate, raw } : undefined;
}

/** A URL that cannot be built safely is a failure of this one version, not an exception. */
function unsafe(error: unknown): Outcome<never> {
  if (error instanceof UnsafeUrlError) return { kind: 'failed', error: `cannot look up: ${error.message}`, networkFailure: false, cause: 'refused' };
  throw error;
}

/**
 * One SIGMA lookup through the cache, the certificate (docs/registry-api.md §1) or the verify payload
 * (§2): the same key, limits and reading rules, in its own cache namespace.
 */
async function fetchSigma(ctx: FetchContext, lookup: 'certificate' | 'verify', apiUrl: string, asked: AskedVersion, buildUrl: () => string): Promise<Outcome<SigmaAnswer>> {
  let url: string;
  let key: string;
  try {
    url = buildUrl();
    key = sigmaKey(apiUrl, asked);
  } catch (error) {
    return unsafe(error);
  }
  const fromVerify = lookup === 'verify';
  return cachedFetch(ctx, {
    namespace: lookup,
    key,
    request: { method: 'GET', url, headers: ACCEPT_JSON, maxBytes: CERTIFICATE_MAX_BYTES },
    interpret: (answer) => interpretSigma(answer, asked, fromVerify),
    revive: (stored) => reviveSigma(stored, asked, fromVerify),
    failurePrefix: `SIGMA ${lookup} lookup failed`,
  });
}

/** The certificate; its `verifyUrl` is replaced by the safe verify URL (same origin as the API, or built). */
export async function fetchCertificate(ctx: FetchContext, apiUrl: string, asked: AskedVersion): Promise<Outcome<SigmaAnswer>> {
  let url: string | undefined;
  const outcome = await fetchSigma(ctx, 'certificate', apiUrl, asked, () => (url = certificateUrl(apiUrl, asked.registry, asked.name, asked.version)));
  if (outcome.kind === 'value' && outcome.value.found) {
    const { certificate } = outcome.value;
    certificate.verifyUrl = resolveVerifyUrl(apiUrl, asked.registry, asked.name, asked.version, certificate.verifyUrl, url);
  }
  return outcome;
}

/** The verify payload at `verifyUrl` (already resolved by `fetchCertificate`, or built). */
export function fetchVerify(ctx: FetchContext, apiUrl: string, asked: AskedVersion, verifyUrl?: string): Promise<Outcome<SigmaAnswer>> {
  return fetchSigma(ctx, 'verify', apiUrl, asked, () => resolveVerifyUrl(apiUrl, asked.registry, asked.name, asked.version, verifyUrl));
}
