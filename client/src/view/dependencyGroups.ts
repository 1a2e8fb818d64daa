/**
 * The Dependencies view's shape: checked dependencies grouped by status, worst first, each group
 * sorted by name; and the one-line description (version and where it came from) of an entry.
 */
import { STATUS_ORDER, type DependencyStatus, type SummaryDependency } from '../../../shared/src/protocol';

export interface DependencyGroup {
  status: DependencyStatus;
  dependencies: SummaryDependency[];
}

export function groupByStatus(dependencies: readonly SummaryDependency[]): DependencyGroup[] {
  const groups: DependencyGroup[] = [];
  for (const status of STATUS_ORDER) {
    const members = dependencies
      .filter((d) => d.status === status)
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.uri, b.uri) || a.range.start.line - b.range.start.line);
    if (members.length > 0) groups.push({ status, dependencies: members });
  }
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const SOURCE_WORDS: Record<NonNullable<SummaryDependency['resolvedFrom']>, string> = {
  exact: 'pinned',
  lockfile: 'lockfile',
  registry: 'newest match',
};

/** `4.19.2 · lockfile · web-app/package.json`; the path is relative to the workspace folder when given. */
export function dependencyDescription(d: SummaryDependency, relativePath: string): string {
  const parts = [d.version ?? d.specifier];
  if (d.resolvedFrom) parts.push(SOURCE_WORDS[d.resolvedFrom]);
  if (d.stale) parts.push('stale');
  parts.push(relativePath);
  return parts.join(' · ');
}

/** The tree item's context value: `certified` only when there is a certificate to open. */
export function dependencyContext(d: SummaryDependency): string {
  return d.certificateUrl && /^https?:\/\//i.test(d.certificateUrl) ? 'dependency-certified' : 'dependency';
}
