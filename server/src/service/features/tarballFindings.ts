/** Findings from an on-demand npm tarball check (see trust/tarballIntegrity.ts). */
import type { Finding } from '../model';
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
