/** A finished (or partly finished) manifest check → LSP diagnostics (docs/language-server.md). */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { ManifestCheck } from '../checker';
import type { FindingSeverity } from '../model';
import { stripControl } from './terminalText';

export const DIAGNOSTIC_SOURCE = 'sigma';

const SEVERITY: Record<FindingSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostics(check: ManifestCheck): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const problem of check.parsed.errors) {
    out.push({
      range: problem.range,
      severity: problem.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: DIAGNOSTIC_SOURCE,
      code: 'parse-error',
      message: stripControl(problem.message),
    });
  }
  if (check.lockfileProblem !== undefined) {
    // Once per manifest, at its top: the whole file falls back to ranges (docs/language-server.md, "Documents and lockfiles").
    const top = { line: 0, character: 0 };
    out.push({ range: { start: top, end: top }, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'lockfile-unreadable', message: stripControl(check.lockfileProblem) });
  }
  let firstAffected: Diagnostic['range'] | undefined;
  for (const entry of check.dependencies) {
    if (entry.pending) continue;
    if (!firstAffected && (entry.facts?.networkFailure || entry.facts?.freshness === 'stale' || entry.resolution.networkFailure || entry.resolution.stale)) {
      firstAffected = entry.dependency.range;
    }
    for (const finding of entry.findings) {
      const diagnostic: Diagnostic = {
        range: entry.dependency.range,
        severity: SEVERITY[finding.severity],
        source: DIAGNOSTIC_SOURCE,
        code: finding.code,
        message: stripControl(finding.message),
      };
      if (finding.href) diagnostic.codeDescription = { href: finding.href };
      out.push(diagnostic);
    }
  }
  if (check.networkProblem && firstAffected) {
    out.push({ range: firstAffected, severity: DiagnosticSeverity.Warning, source: DIAGNOSTIC_SOURCE, code: 'registry-unavailable', message: stripControl(check.networkProblem) });
  }
  return out;
}
