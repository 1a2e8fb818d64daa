/** Findings from an on-demand npm tarball check (see trust/tarballIntegrity.ts). */
import type { ManifestCheck } from '../checker';
import type { CheckedDependency, Finding } from '../model';
import type { TarballCheck } from '../trust/tarballIntegrity';

export function tarballFindings(subject: string, check: TarballCheck, certificateHref?: string): Finding[] {
  const out: Finding[] = [];
  if (check.lockfile === 'mismatch') {
    out.push({ code: 'integrity-mismatch', severity: 'error', message: `${subject}: the downloaded tarball does not match the lockfile's integrity (${check.url ?? 'unknown URL'})` });
  }
  if (check.certificate === 'mismatch') {
    out.push({ code: 'integrity-mismatch', severity: 'error', message: `${subject}: the downloaded tarball's sha256 ${check.sha256 ?? '?'} is not the distribution SIGMA reviewed`, href: certificateHref });
  }
  return out;
}

/** One line for a notification or the CLI's log. */
export function describeTarballCheck(subject: string, check: TarballCheck): string {
  if (check.error) return `${subject}: tarball not checked — ${check.error}`;
  const word = (c: TarballCheck['lockfile']): string => (c === 'match' ? 'matches' : c === 'mismatch' ? 'DOES NOT match' : 'not compared with');
  return `${subject}: tarball sha256 ${check.sha256 ?? '?'} ${word(check.lockfile)} the lockfile's integrity and ${word(check.certificate)} the SIGMA certificate`;
}

/**
 * The check with tarball findings added to some of its dependencies, as a new check: drivers never
 * change a check's findings in place (the checker may share those arrays between checks).
 * `added` maps a dependency of `check` to its new findings; a finding already present is not repeated.
 */
export function withTarballFindings(check: ManifestCheck, added: ReadonlyMap<CheckedDependency, readonly Finding[]>): ManifestCheck {
  if (added.size === 0) return check;
  const dependencies = check.dependencies.map((d) => {
    const extra = (added.get(d) ?? []).filter((f) => !d.findings.some((x) => x.message === f.message));
    return extra.length === 0 ? d : { ...d, findings: [...d.findings, ...extra] };
  });
  return { ...check, dependencies };
}
