/**
 * The hover card for one dependency. Every string that came from a manifest or the network is
 * escaped; the only links are http(s) links built by `safeLink`; no command links, ever.
 */
import type { Hover, MarkupContent, Position } from 'vscode-languageserver-types';
import type { ManifestCheck } from '../checker';
import type { Advisory, CheckedDependency, ResolvedFrom } from '../model';
import { activeAdvisories, countedAdvisoriesText } from '../stages/findings';
import { code, escapeMarkdown as esc, safeLink } from './markdown';
import { shortStatus } from './statusLabel';
import { rangeContains } from './ranges';
import { freshnessAt } from '../dataAge';

const FROM: Record<ResolvedFrom, string> = { exact: 'exact pin', lockfile: 'lockfile', registry: 'registry lookup (newest version satisfying the range)' };
const MAX_ROWS = 20;


export function dependencyAt(check: ManifestCheck, pos: Position): CheckedDependency | undefined {
  return check.dependencies.find((d) => rangeContains(d.dependency.range, pos));
}

function advisoryLine(a: Advisory): string {
  const fixed = a.fixedIn && a.fixedIn.length > 0 ? ` — fixed in ${a.fixedIn.map((v) => esc(v)).join(', ')}` : '';
  const aliases = a.aliases.length > 0 ? ` (${a.aliases.slice(0, 3).map((x) => esc(x)).join(', ')})` : '';
  return `- ${safeLink(a.id, a.url)}${aliases} **${esc(a.severity)}** ${esc(a.title)}${fixed}`;
}

/** `age`: now and the TTL, so the card labels data by its real age (dataAge.ts); without it, as fetched. */
export function renderCard(entry: CheckedDependency, age?: { now: number; ttlMs: number }): string {
  const { dependency: dep, resolution, facts } = entry;
  const cert = facts?.certificate ?? null;
  const lines: string[] = [];
  lines.push(`**${esc(dep.normalizedName)}** ${resolution.version ? code(resolution.version) : ''} — ${esc(shortStatus(entry))}`);
  lines.push('');
  const rows: string[] = [];
  const row = (label: string, value: string | undefined): void => {
    if (value) rows.push(`- ${label}: ${value}`);
  };
  row('Registry', esc(dep.registry));
  row('Resolved version', resolution.version ? `${code(resolution.version)} from ${FROM[resolution.resolvedFrom ?? 'exact']}` : esc(resolution.reason ?? 'not determined'));
  if (dep.specifier) row('Specifier', code(dep.specifier));
  if (entry.status === 'skipped') row('Not checked', esc(dep.skipReason ?? 'not a registry dependency'));
  if (facts) {
    if (facts.status === 'uncertified') row('SIGMA verdict', 'not certified (no certificate for this version)');
    if (facts.status === 'error') row('SIGMA verdict', `unknown — ${esc(facts.error ?? 'lookup failed')}`);
    if (cert) {
      row('SIGMA verdict', `**${esc(cert.councilVerdict)}**`);
      row('Security level', esc(cert.securityLevel ?? 'not stated'));
      row('Certificate', cert.certificateId ? safeLink(cert.certificateId, cert.verifyUrl) : undefined);
      row('Certified at', cert.certifiedAt ? esc(cert.certifiedAt) : undefined);
      row('Analysis', cert.analysisType ? esc(cert.analysisType) : undefined);
      row('Distribution SHA-256', cert.distributionSha256 ? code(cert.distributionSha256) : undefined);
      row('File set hash', cert.fileSetHash ? code(cert.fileSetHash) : undefined);
      row('Council round', cert.councilRoundId ? code(cert.councilRoundId) : undefined);
    }
    const when = new Date(facts.fetchedAt).toISOString().replace('T', ' ').slice(0, 16);
    // A version picked from a cached version list makes the whole card stale, not just live facts about
    // it; so does data older than sigma.cacheTtlMinutes, however it was fetched.
    const freshness = age ? freshnessAt(resolution, facts, age.now, age.ttlMs) : resolution.stale === true ? 'stale' : facts.freshness;
    row('Data', `${freshness} (fetched ${when} UTC)${resolution.stale === true && facts.freshness !== 'stale' ? '; version list from the cache' : ''}`);
  }
  if (entry.suppression) {
    row('Suppressed', `${entry.suppression.state === 'expired' ? 'expired ' : ''}${esc(entry.suppression.reason)}${entry.suppression.until ? ` (until ${esc(entry.suppression.until)})` : ''}`);
  }
  lines.push(...rows);
  if (cert && cert.retainedWarnings.length > 0) {
    lines.push('', '**Retained council warnings**', '');
    for (const w of cert.retainedWarnings.slice(0, MAX_ROWS)) lines.push(`- ${esc(w)}`);
    if (cert.retainedWarnings.length > MAX_ROWS) lines.push(`- … ${cert.retainedWarnings.length - MAX_ROWS} more`);
  }
  const advisories = activeAdvisories(facts);
  const counted = facts?.advisoriesWithoutRows;
  if (facts && (advisories.length > 0 || counted || cert?.registryAdvisorySummary)) {
    const label = facts.advisorySource === 'registry' ? '**Registry advisories** (registry data, not a SIGMA verdict)' : '**Registry advisories** (from the SIGMA certificate)';
    lines.push('', label, '');
    if (cert?.registryAdvisorySummary) lines.push(`_${esc(cert.registryAdvisorySummary)}_`, '');
    for (const a of advisories.slice(0, MAX_ROWS)) lines.push(advisoryLine(a));
    if (advisories.length > MAX_ROWS) lines.push(`- … ${advisories.length - MAX_ROWS} more`);
    if (counted) lines.push(`- ${countedAdvisoriesText(counted)}; their details were not sent${advisories.length > 0 ? ' beyond the rows above' : ''}`);
  }
  if (cert?.details && Object.keys(cert.details).length > 0) {
    lines.push('', '**Details**', '');
    for (const [k, v] of Object.entries(cert.details).slice(0, MAX_ROWS)) lines.push(`- ${esc(k)}: ${esc(v)}`);
  }
  return lines.join('\n');
}

export function toHover(check: ManifestCheck, pos: Position): Hover | null {
  const entry = dependencyAt(check, pos);
  return entry && !entry.pending ? hoverFor(entry) : null;
}

/** The hover for one (finished) dependency. */
/** `more`: Markdown appended to the card (the "Brings in" section, features/transitive.ts). */
export function hoverFor(entry: CheckedDependency, age?: { now: number; ttlMs: number }, more = ''): Hover {
  const contents: MarkupContent = { kind: 'markdown', value: renderCard(entry, age) + more };
  return { contents, range: entry.dependency.range };
}
