/**
 * Trust facts → findings: one finding per thing the user should know, with the codes and default
 * severities of docs/language-server.md. Status never changes here; findings only describe.
 */
import type { SigmaSettings } from '../settings';
import type { Advisory, Dependency, Finding, FindingSeverity, Resolution, TrustFacts, TrustStatus } from '../model';
import { compareHashes } from '../trust/integrity';
import { NOT_LOOKED_UP_WORDS } from '../../../../shared/src/statusWords';

const SEVERE_LEVELS = new Set(['HIGH', 'CRITICAL']);

export function describeVersion(dep: Dependency, version: string | null): string {
  return version ? `${dep.normalizedName} ${version}` : dep.normalizedName;
}

export function statusOf(dep: Dependency, resolution: Resolution, facts: TrustFacts | null): TrustStatus {
  if (dep.skipReason !== undefined || dep.kind === 'git' || dep.kind === 'url' || dep.kind === 'path' || dep.kind === 'workspace' || dep.kind === 'catalog') {
    return 'skipped';
  }
  if (resolution.version === null) return 'unresolved';
  return facts ? facts.status : 'unresolved';
}

export function activeAdvisories(facts: TrustFacts | null): Advisory[] {
  return facts ? facts.advisories.filter((a) => !a.withdrawn) : [];
}

/** Active advisory rows plus those SIGMA counted without sending a row: what "N advisories" counts. */
export function advisoryCount(facts: TrustFacts | null): number {
  return activeAdvisories(facts).length + (facts?.advisoriesWithoutRows?.count ?? 0);
}

/** "SIGMA counts 3 registry advisories (highest severity critical)", for rows SIGMA did not send. */
export function countedAdvisoriesText(counted: NonNullable<TrustFacts['advisoriesWithoutRows']>): string {
  return `SIGMA counts ${counted.count} registry ${counted.count === 1 ? 'advisory' : 'advisories'} (highest severity ${counted.highestSeverity})`;
}

function advisorySeverity(severity: Advisory['severity']): FindingSeverity {
  return severity === 'high' || severity === 'critical' ? 'error' : 'warning';
}

function certificateLabel(facts: TrustFacts): string {
  const id = facts.certificate?.certificateId;
  return id ? ` (certificate ${id})` : '';
}

function advisoryMessage(subject: string, a: Advisory, fromRegistry: boolean): string {
  const fixed = a.fixedIn && a.fixedIn.length > 0 ? ` — fixed in ${a.fixedIn.join(', ')}` : '';
  const label = fromRegistry ? ` [${a.source} registry data, not a SIGMA verdict]` : '';
  return `${subject}: advisory ${a.id} (${a.severity}) ${a.title}${fixed}${label}`;
}

export interface FindingContext {
  settings: Pick<SigmaSettings, 'uncertifiedSeverity'>;
}

export function computeFindings(dep: Dependency, resolution: Resolution, facts: TrustFacts | null, ctx: FindingContext): Finding[] {
  const status = statusOf(dep, resolution, facts);
  const subject = describeVersion(dep, resolution.version);
  const out: Finding[] = [];
  if (status === 'skipped') {
    out.push({ code: 'skipped', severity: 'hint', message: `${dep.name}: not checked — ${dep.skipReason ?? 'not a registry dependency'}` });
    return out;
  }
  if (status === 'unresolved') {
    // Like a SIGMA lookup, a version lookup that failed because the network as a whole failed is
    // reported once per document (registry-unavailable), not once per dependency (docs/language-server.md).
    if (resolution.networkFailure) return out;
    // A refused index: the version may be known (a lockfile), but the name went nowhere (docs/security.md).
    const what = resolution.cause === 'refused' ? NOT_LOOKED_UP_WORDS : 'no exact version could be determined';
    out.push({ code: 'unresolved', severity: 'information', message: `${dep.name}: ${what} — ${resolution.reason ?? 'unknown reason'}` });
    return out;
  }
  if (!facts) return out;
  const cert = facts.certificate;
  const verifyHref = cert?.verifyUrl;
  switch (facts.status) {
    case 'rejected':
      out.push({ code: 'rejected', severity: 'error', message: `${subject}: SIGMA verdict ${cert?.councilVerdict ?? 'REJECTED'}${certificateLabel(facts)}`, href: verifyHref });
      break;
    case 'conditional':
      out.push({ code: 'conditional', severity: 'warning', message: `${subject}: SIGMA verdict ${cert?.councilVerdict ?? '?'} (not APPROVED)${certificateLabel(facts)}`, href: verifyHref });
      break;
    case 'uncertified': {
      const severity = ctx.settings.uncertifiedSeverity;
      if (severity !== 'none') out.push({ code: 'uncertified', severity, message: `${subject}: not certified by SIGMA` });
      break;
    }
    case 'error':
      // A network-wide failure is reported once per document by the diagnostics layer, not per dependency.
      if (!facts.networkFailure) {
        out.push({ code: 'lookup-failed', severity: 'warning', message: `${subject}: SIGMA lookup failed — ${facts.error ?? 'invalid answer'}; status unknown` });
      }
      break;
    case 'approved':
      break;
  }
  // A part that failed with a bad answer (verify payload, registry advisories) while the status itself is
  // known: say so once, or a failed advisory lookup looks like "no advisories" (an offline cache miss
  // too). Network failures and stale data are told once per document instead.
  if (facts.status !== 'error' && facts.error !== undefined && !facts.networkFailure && facts.freshness !== 'stale') {
    out.push({ code: 'lookup-failed', severity: 'warning', message: `${subject}: part of the lookup failed — ${facts.error}` });
  }
  if (cert) {
    const level = cert.securityLevel;
    if (level && level.toUpperCase() !== 'CLEAR') {
      const severity: FindingSeverity = SEVERE_LEVELS.has(level.toUpperCase()) ? 'error' : 'warning';
      out.push({ code: 'security-level', severity, message: `${subject}: SIGMA security level ${level}`, href: verifyHref });
    }
    for (const warning of cert.retainedWarnings) {
      out.push({ code: 'retained-warning', severity: 'warning', message: `${subject}: retained council warning — ${warning}`, href: verifyHref });
    }
    if (cert.analysisType === 'PARTIAL' || cert.analysisType === 'BINARY_ONLY') {
      const why = cert.analysisType === 'PARTIAL' ? 'the package exceeded size limits; the analysis covers what was accessible' : 'no source distribution; only compiled extensions were analysed';
      out.push({ code: 'partial-analysis', severity: 'information', message: `${subject}: ${cert.analysisType} analysis — ${why}`, href: verifyHref });
    }
    if (resolution.hashes.length > 0 && compareHashes(resolution.hashes, cert.distributionSha256) === 'mismatch') {
      out.push({
        code: 'integrity-mismatch',
        severity: 'error',
        message: `${subject}: pinned sha256 does not match the distribution SIGMA reviewed (${cert.distributionSha256})`,
        href: verifyHref,
      });
    }
  }
  const fromRegistry = facts.advisorySource === 'registry';
  for (const a of activeAdvisories(facts)) {
    out.push({ code: 'advisory', severity: advisorySeverity(a.severity), message: advisoryMessage(subject, a, fromRegistry), href: a.url, advisoryId: a.id });
  }
  // Counted but not sent (even by verify): the count and highest severity stand in for the rows, so
  // the version never reads as advisory-free (docs/security.md).
  const counted = facts.advisoriesWithoutRows;
  if (counted) {
    out.push({ code: 'advisory', severity: advisorySeverity(counted.highestSeverity), message: `${subject}: ${countedAdvisoriesText(counted)} but sent no details; see the verify page`, href: verifyHref });
  }
  return out;
}
