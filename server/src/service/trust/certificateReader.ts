/**
 * Reads a SIGMA certificate (docs/registry-api.md §1) or verify payload (§2) tolerantly: every optional
 * field may be missing, null, mistyped or carry an unknown value and the rest is still read. Only
 * the identity (registry, name, version) and the verdict are required, because without them the
 * answer says nothing trustworthy about the asked version.
 */
import type { Certificate, Registry, Verdict } from '../model';
import { normaliseAdvisoryList } from './advisories';
import { sameName, sameVersion } from './identity';
import {
  type JsonObject,
  capText,
  isObject,
  own,
  ownFirst,
  readId,
  readNumber,
  readText,
  renderList,
  renderNote,
  renderValue,
  safeKeys,
} from '../../../../shared/src/jsonReading';

export type CertificateReading = { ok: true; certificate: Certificate } | { ok: false; reason: string };

export interface AskedVersion {
  registry: Registry;
  name: string;
  version: string;
}

const FILE_SET_HASH_KEYS = ['fileSetHash', 'fileSetSha256', 'fileSetDigest'];
const COUNCIL_ROUND_KEYS = ['councilRoundId', 'councilRound', 'roundId'];

/** Fields this reader understands; any other scalar field of a verify payload goes to `details`. */
const KNOWN_FIELDS: ReadonlySet<string> = new Set([
  'registrySource',
  'packageName',
  'packageVersion',
  'distributionSha256',
  'councilVerdict',
  'securityLevel',
  'retainedWarnings',
  'analysisType',
  'certifiedAt',
  'certificateId',
  'verifyEndpoint',
  'registryAdvisoryCount',
  'registryAdvisoryHighestSeverity',
  'registryAdvisorySummary',
  'registryAdvisories',
  'certificate',
  'integrity',
  ...FILE_SET_HASH_KEYS,
  ...COUNCIL_ROUND_KEYS,
]);

const MAX_DETAILS = 50;

/**
 * `APPROVED` (any case, surrounding space ignored) is approved; a value containing REJECT or DENY
 * — or DENIED/DENIAL, which do not contain "DENY" but plainly mean the same — is rejected; any
 * other value is conditional and shown verbatim.
 */
export function mapVerdict(councilVerdict: string): Verdict {
  const word = councilVerdict.trim().toUpperCase();
  if (word === 'APPROVED') return 'approved';
  if (/REJECT|DENY|DENIED|DENIAL/.test(word)) return 'rejected';
  return 'conditional';
}

/** A sha256 as lower-case hex (an optional `sha256:` prefix removed), or undefined when it is not one. */
export function readSha256(value: unknown): string | undefined {
  const text = readText(value, 200)?.toLowerCase().replace(/^sha256[:=-]/, '');
  return text !== undefined && /^[0-9a-f]{64}$/.test(text) ? text : undefined;
}

/** The structured verify form (`{ text | summary | message …, count, … }`) or a plain string, as text. */
function readSummary(value: unknown): string | undefined {
  if (typeof value === 'string') return readText(value);
  if (!isObject(value)) return undefined;
  const text = readText(ownFirst(value, ['text', 'summary', 'message', 'description']));
  return text ?? readText(renderValue(value).replace(/^\{|\}$/g, ''));
}

/** A non-negative integer count. */
function readCount(value: unknown): number | undefined {
  const count = readNumber(value);
  return count !== undefined && Number.isInteger(count) && count >= 0 ? count : undefined;
}

type IdentityCheck = { ok: true; name: string; version: string } | { ok: false; reason: string };

function readIdentity(field: (key: string) => unknown, asked: AskedVersion): IdentityCheck {
  const registry = readText(field('registrySource'), 50);
  const name = readText(field('packageName'), 300);
  const version = readText(field('packageVersion'), 300);
  if (registry === undefined || name === undefined || version === undefined) {
    const missing = [registry === undefined && 'registrySource', name === undefined && 'packageName', version === undefined && 'packageVersion'];
    return { ok: false, reason: `the certificate has no ${missing.filter(Boolean).join(', ')}` };
  }
  const matches =
    registry.toLowerCase() === asked.registry && sameName(asked.registry, name, asked.name) && sameVersion(asked.registry, version, asked.version);
  if (matches) return { ok: true, name, version };
  const answered = `${capText(registry, 20)}:${capText(name, 100)}@${capText(version, 50)}`;
  return { ok: false, reason: `the certificate is for ${answered}, not ${asked.registry}:${asked.name}@${asked.version}` };
}

/** Unknown scalar fields of the payload and of its `integrity` object (prefixed `integrity.`). */
function readDetails(sources: ReadonlyArray<{ object: JsonObject | undefined; prefix: string }>): Record<string, string> | undefined {
  const entries: Array<[string, string]> = [];
  for (const { object, prefix } of sources) {
    if (object === undefined) continue;
    for (const key of safeKeys(object)) {
      if (entries.length >= MAX_DETAILS) break;
      const value = object[key];
      if (KNOWN_FIELDS.has(key) || (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean')) continue;
      const label = `${prefix}${capText(key, 100)}`;
      if (!entries.some(([existing]) => existing === label)) entries.push([label, capText(String(value), 500)]);
    }
  }
  // Object.fromEntries defines own properties, so even an odd key cannot touch a prototype.
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A certificate from `json` if it is a valid answer for `asked`. The payload may also wrap the
 * certificate (`{ certificate: {…}, integrity: {…} }`); top-level fields win over wrapped ones.
 * `fromVerify` additionally collects unknown scalar fields into `details`.
 */
export function readCertificate(json: unknown, asked: AskedVersion, opts: { fromVerify?: boolean } = {}): CertificateReading {
  if (!isObject(json)) return { ok: false, reason: 'the answer is not a JSON object' };
  const wrapped = own(json, 'certificate');
  const inner = isObject(wrapped) ? wrapped : undefined;
  const field = (key: string): unknown => {
    const top = own(json, key);
    return top !== undefined && top !== null ? top : inner === undefined ? top : own(inner, key);
  };
  const identity = readIdentity(field, asked);
  if (!identity.ok) return identity;
  const councilVerdict = readText(field('councilVerdict'), 200);
  if (councilVerdict === undefined) return { ok: false, reason: 'the certificate has no councilVerdict' };

  const certificate: Certificate = {
    registrySource: asked.registry,
    packageName: identity.name,
    packageVersion: identity.version,
    verdict: mapVerdict(councilVerdict),
    councilVerdict,
    retainedWarnings: renderList(field('retainedWarnings'), renderNote, 'warnings'),
    registryAdvisories: null,
  };
  const text = (key: string, max?: number): string | undefined => readText(field(key), max);
  assign(certificate, 'securityLevel', text('securityLevel', 200));
  assign(certificate, 'analysisType', text('analysisType', 200));
  assign(certificate, 'certifiedAt', text('certifiedAt', 100));
  assign(certificate, 'certificateId', readId(field('certificateId')));
  assign(certificate, 'distributionSha256', readSha256(field('distributionSha256')));
  assign(certificate, 'registryAdvisoryCount', readCount(field('registryAdvisoryCount')));
  assign(certificate, 'registryAdvisoryHighestSeverity', text('registryAdvisoryHighestSeverity', 100));
  assign(certificate, 'registryAdvisorySummary', readSummary(field('registryAdvisorySummary')));
  const verifyEndpoint = text('verifyEndpoint', 2000);
  if (verifyEndpoint !== undefined && /^https?:\/\//i.test(verifyEndpoint)) certificate.verifyUrl = verifyEndpoint;

  const rows = field('registryAdvisories');
  if (Array.isArray(rows)) {
    const { advisories, omitted } = normaliseAdvisoryList(rows, asked.registry);
    certificate.registryAdvisories = advisories;
    if (omitted > 0) {
      const note = `… ${omitted} more advisory rows not shown`;
      certificate.registryAdvisorySummary = certificate.registryAdvisorySummary === undefined ? note : `${certificate.registryAdvisorySummary} (${note})`;
    }
  }

  const integrityField = field('integrity');
  const integrity = isObject(integrityField) ? integrityField : undefined;
  const integrityValue = (keys: readonly string[]): unknown => {
    for (const key of keys) {
      const value = field(key) ?? (integrity === undefined ? undefined : own(integrity, key));
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  };
  assign(certificate, 'fileSetHash', readId(integrityValue(FILE_SET_HASH_KEYS), 300));
  assign(certificate, 'councilRoundId', readId(integrityValue(COUNCIL_ROUND_KEYS), 300));
  if (certificate.distributionSha256 === undefined && integrity !== undefined) {
    assign(certificate, 'distributionSha256', readSha256(own(integrity, 'distributionSha256')));
  }
  if (opts.fromVerify === true) {
    const rawSha = field('distributionSha256');
    const details = readDetails([
      { object: inner, prefix: '' },
      { object: json, prefix: '' },
      { object: integrity, prefix: 'integrity.' },
    ]);
    const unreadableSha = rawSha !== undefined && rawSha !== null && certificate.distributionSha256 === undefined;
    const merged: Record<string, string> = { ...details };
    if (unreadableSha) merged.distributionSha256 = capText(renderValue(rawSha), 200);
    if (Object.keys(merged).length > 0) certificate.details = merged;
  }
  return { ok: true, certificate };
}

/** Sets an optional field only when it has a value, so absent stays absent (not `undefined`-valued). */
function assign<K extends keyof Certificate>(certificate: Certificate, key: K, value: Certificate[K] | undefined): void {
  if (value !== undefined) certificate[key] = value;
}
