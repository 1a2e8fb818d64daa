/**
 * The Dependencies view's shape: checked dependencies grouped by status, worst first, each group
 * sorted by name; and the one-line description (version and where it came from) of an entry.
 */
import { STATUS_ORDER, type DependencyStatus, type SummaryDependency, type TreeChild } from '../../../shared/src/protocol';
import { STATUS_LOOK, entryLook, type StatusLook } from './statusLook';

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

/** ` · 1 ✗ below` / ` · 55/57 below` (as the inline status says it), ` · … below` while pending; empty without a tree. */
export function belowDescription(below: SummaryDependency['below']): string {
  if (!below || below.packages === 0) return '';
  if (below.pending > 0) return ' · … below';
  if (below.rejected > 0) return ` · ${below.rejected} ✗ below`;
  return ` · ${below.approved}/${below.packages} below`;
}

/** For the "problems only" filter: anything but an approved version without advisories, or something wrong below it. */
export function hasProblem(d: SummaryDependency): boolean {
  return d.status !== 'approved' || d.advisoryCount > 0 || (d.below?.problems ?? 0) > 0;
}

const PENDING_LOOK: StatusLook = { word: 'being checked', symbol: '…', icon: 'loading~spin', color: 'disabledForeground' };

/** An approved version with a warning or error finding (an integrity mismatch, say): never the ✓ of approved and clean. */
const APPROVED_NOT_CLEAN: StatusLook = { ...STATUS_LOOK.approved, symbol: '⚠', icon: 'warning', color: 'problemsWarningIcon.foreground' };

export function treeChildLook(c: TreeChild): StatusLook {
  if (c.status === 'pending') return PENDING_LOOK;
  if (c.status === 'approved' && c.problem) return APPROVED_NOT_CLEAN;
  return entryLook(c.status, c.advisoryCount);
}

/** `4.3.4 · dev · ⚠ 2 below`: how many packages below it are not approved and clean; `↻ cycle` for a package that is its own ancestor (view/treeCycles.ts). */
export function treeChildDescription(c: TreeChild, cycle = false): string {
  const parts = [c.version];
  if (c.dev) parts.push('dev');
  if (cycle) parts.push('↻ cycle');
  else if (c.problemsBelow > 0) parts.push(`⚠ ${c.problemsBelow} below`);
  return parts.join(' · ');
}

export function treeChildTooltip(c: TreeChild, direct: string, cycle = false): string {
  const look = treeChildLook(c);
  const advisories = c.advisoryCount > 0 ? `, ${c.advisoryCount} ${c.advisoryCount === 1 ? 'advisory' : 'advisories'}` : '';
  const again = cycle ? `\n↻ A cycle: ${c.name} ${c.version} depends on itself through the packages above; what it brings in is listed above.` : '';
  return `${look.symbol} ${c.registry}:${c.name} ${c.version}: ${look.word}${advisories} (brought in by ${direct}${c.dev ? ', dev only' : ''})${again}`;
}
