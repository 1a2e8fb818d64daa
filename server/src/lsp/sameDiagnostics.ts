/**
 * Whether two diagnostics arrays would send the same publish. An edit that changes no dependency
 * (a description, a script) gives the same diagnostics again; comparing them field by field costs
 * far less than encoding and sending the whole array, which for a 1,000-dependency manifest is
 * ~250 KB of JSON per publish (docs/benchmarks.md). Fields other than the ones the service sets are
 * compared through their JSON, so a new field can make the comparison slower, never wrong.
 */
import type { Diagnostic, Range } from 'vscode-languageserver-types';

function sameRange(a: Range, b: Range): boolean {
  return a === b || (a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character);
}

const KNOWN = new Set(['range', 'severity', 'source', 'code', 'message', 'codeDescription']);

function sameOther(a: Diagnostic, b: Diagnostic): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (KNOWN.has(key)) continue;
    if (JSON.stringify((a as unknown as Record<string, unknown>)[key]) !== JSON.stringify((b as unknown as Record<string, unknown>)[key])) return false;
  }
  return true;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    sameRange(a.range, b.range) &&
    a.severity === b.severity &&
    a.source === b.source &&
    a.code === b.code &&
    a.message === b.message &&
    a.codeDescription?.href === b.codeDescription?.href &&
    sameOther(a, b)
  );
}

export function sameDiagnostics(a: readonly Diagnostic[] | undefined, b: readonly Diagnostic[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i], b[i])) return false;
  return true;
}
