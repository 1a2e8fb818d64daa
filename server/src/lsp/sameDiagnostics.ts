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

/**
 * The fields other than KNOWN, each compared through its JSON (a field only one side has counts as
 * undefined on the other). No set of keys is built per diagnostic: at 1,000 diagnostics per publish
 * that allocation was most of the comparison's cost (docs/benchmarks.md, "Where an edit's time went").
 */
function sameOther(a: Diagnostic, b: Diagnostic): boolean {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const key of Object.keys(ra)) {
    if (!KNOWN.has(key) && JSON.stringify(ra[key]) !== JSON.stringify(rb[key])) return false;
  }
  for (const key of Object.keys(rb)) {
    if (!KNOWN.has(key) && !Object.prototype.hasOwnProperty.call(ra, key) && JSON.stringify(rb[key]) !== undefined) return false;
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
