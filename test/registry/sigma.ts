/** The SIGMA API endpoints: certificate, verify, stats and the bearer-protected draft package-preview. */
import { timingSafeEqual } from 'node:crypto';
import { certificateKey, own } from './data';
import type { Certificate, JsonObject, JsonValue, RegistryData, RegistryName } from './data';
import { absolute, errorAnswer, jsonAnswer } from './answer';
import { npmAdvisoriesFor } from './npm';
import { pypiVulnerabilitiesFor } from './pypi';
import type { Answer } from './types';

export interface Identity {
  registry: RegistryName;
  name: string;
  version: string;
}

export function findCertificate(data: RegistryData, id: Identity): Certificate | undefined {
  return own(data.certificates, certificateKey(id.registry, id.name, id.version));
}

function served(cert: Certificate, baseUrl: string): Certificate {
  const copy = { ...cert };
  if (typeof copy.verifyEndpoint === 'string') copy.verifyEndpoint = absolute(baseUrl, copy.verifyEndpoint);
  return copy;
}

const notCertified = (): Answer => errorAnswer(404, 'not_found', 'This package version has not been certified.');

export function certificateAnswer(data: RegistryData, id: Identity, baseUrl: string): Answer {
  const cert = findCertificate(data, id);
  return cert ? jsonAnswer(200, served(cert, baseUrl)) : notCertified();
}

const SEVERITY_ORDER = ['low', 'moderate', 'medium', 'high', 'critical'];

function highestSeverity(rows: JsonValue[]): string | null {
  let best: string | null = null;
  for (const row of rows) {
    const severity = typeof row === 'object' && row !== null && !Array.isArray(row) && typeof row.severity === 'string' ? row.severity : undefined;
    if (severity && SEVERITY_ORDER.indexOf(severity) > (best ? SEVERITY_ORDER.indexOf(best) : -1)) best = severity;
  }
  return best;
}

/** Advisories resolved "live" from the registry's own npm / PyPI data, as the real API does for rows without a snapshot. */
function liveAdvisories(data: RegistryData, id: Identity): JsonValue[] {
  return id.registry === 'npm'
    ? npmAdvisoriesFor(data, id.name, [id.version])
    : pypiVulnerabilitiesFor(data, id.name, id.version);
}

/**
 * The certificate, its advisories (the stored snapshot or, when it has none, resolved live), a structured
 * `registryAdvisorySummary`, and the fixture's verify extras (integrity details, unknown scalars) on top.
 */
export function verifyAnswer(data: RegistryData, id: Identity, baseUrl: string): Answer {
  const cert = findCertificate(data, id);
  if (!cert) return notCertified();
  const key = certificateKey(id.registry, id.name, id.version);
  const snapshot = Array.isArray(cert.registryAdvisories) ? cert.registryAdvisories : undefined;
  const advisories = snapshot ?? liveAdvisories(data, id);
  const highest = highestSeverity(advisories);
  const text =
    advisories.length === 0
      ? 'No known registry security advisories are listed for this exact package version.'
      : `${advisories.length} registry ${advisories.length === 1 ? 'advisory' : 'advisories'}${highest ? ` (highest: ${highest})` : ''} listed for this version.`;
  const payload: JsonObject = {
    ...served(cert, baseUrl),
    distributionSha256: cert.distributionSha256 ?? null,
    registryAdvisoryCount: advisories.length,
    registryAdvisoryHighestSeverity: highest,
    registryAdvisorySummary: {
      text,
      count: advisories.length,
      highestSeverity: highest,
      sources: [id.registry],
      resolvedFrom: snapshot ? 'snapshot' : 'live',
    },
    registryAdvisories: advisories,
    ...(own(data.verifyExtras, key) ?? {}),
  };
  return jsonAnswer(200, payload);
}

export function statsAnswer(data: RegistryData): Answer {
  return jsonAnswer(200, data.stats);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function previewAnswer(data: RegistryData, draftId: string, authorization: string | undefined, token: string): Answer {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    const answer = errorAnswer(401, 'unauthorized', 'A developer token is required.');
    answer.headers['www-authenticate'] = 'Bearer realm="sigma"';
    return answer;
  }
  if (!sameToken(match[1], token)) return errorAnswer(403, 'forbidden', 'The developer token was refused.');
  const draft = own(data.drafts, draftId);
  return draft ? jsonAnswer(200, draft) : errorAnswer(404, 'not_found', 'No such draft.');
}
