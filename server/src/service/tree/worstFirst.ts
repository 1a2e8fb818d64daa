/**
 * The order in which packages below the direct dependencies are shown (docs/tree.md): worst first —
 * a rejected verdict, then error findings (integrity mismatch, high advisories), failed lookups,
 * other verdicts, uncertified, warnings, unknown versions — then by name and version, so reports
 * and diagnostics are stable.
 */
import type { CheckedDependency } from '../model';

export function attentionRank(entry: CheckedDependency): number {
  const worst = (severity: 'error' | 'warning'): boolean => entry.findings.some((f) => f.severity === severity);
  if (entry.status === 'rejected') return 0;
  if (worst('error')) return 1;
  if (entry.status === 'error') return 2;
  if (entry.status === 'conditional') return 3;
  if (entry.status === 'uncertified') return 4;
  if (worst('warning')) return 5;
  if (entry.status === 'unresolved') return 6;
  return 7;
}

function label(entry: CheckedDependency): string {
  return `${entry.dependency.normalizedName}@${entry.resolution.version ?? ''}`;
}

export function worstFirst<T>(items: readonly T[], entryOf: (item: T) => CheckedDependency): T[] {
  return [...items].sort((a, b) => attentionRank(entryOf(a)) - attentionRank(entryOf(b)) || label(entryOf(a)).localeCompare(label(entryOf(b))));
}
