/**
 * The status bar item's text, tooltip and background for a workspace summary. Four symbols keep the
 * item short (`$(shield) 21 ✓ 2 ✗ 4 ?`); the tooltip spells out every status.
 */
import { STATUS_ORDER, type DependencyStatus, type WorkspaceSummary } from '../../../shared/src/protocol';
import { STATUS_LOOK } from './statusLook';

export interface StatusBarView {
  text: string;
  tooltip: string;
  /** True when anything is rejected: the item gets the warning background. */
  warning: boolean;
}

/** Which statuses each symbol of the short text counts, in the order shown. */
const SHORT_GROUPS: readonly { symbol: string; statuses: readonly DependencyStatus[] }[] = [
  { symbol: '✓', statuses: ['approved'] },
  { symbol: '⚠', statuses: ['conditional', 'error'] },
  { symbol: '✗', statuses: ['rejected'] },
  { symbol: '?', statuses: ['uncertified', 'unresolved'] },
];

export function statusBarView(summary: WorkspaceSummary): StatusBarView {
  const icon = summary.checking ? '$(sync~spin)' : '$(shield)';
  const parts: string[] = [];
  for (const group of SHORT_GROUPS) {
    const n = group.statuses.reduce((sum, s) => sum + (summary.counts[s] ?? 0), 0);
    if (n > 0) parts.push(`${n} ${group.symbol}`);
  }
  const checked = STATUS_ORDER.reduce((sum, s) => sum + (summary.counts[s] ?? 0), 0);
  // The tree's counts beside the direct ones (docs/tree.md): approved of all below, and the rejected.
  const tree = summary.tree;
  const treeText = tree && tree.packages > 0 ? ` · ${tree.counts.approved}/${tree.packages} below${tree.counts.rejected > 0 ? ` ${tree.counts.rejected} ✗` : ''}` : '';
  const text = parts.length > 0 ? `${icon} ${parts.join(' ')}${treeText}` : `${icon} SIGMA${treeText}`;

  const lines: string[] = [];
  if (summary.checking) lines.push('SIGMA: checking dependencies…');
  if (checked === 0) lines.push('SIGMA: no dependencies checked yet. Open a manifest to check it.');
  else {
    lines.push(`SIGMA: ${checked} ${checked === 1 ? 'dependency' : 'dependencies'} checked`);
    for (const status of STATUS_ORDER) {
      const n = summary.counts[status] ?? 0;
      if (n > 0) lines.push(`${STATUS_LOOK[status].symbol} ${n} ${STATUS_LOOK[status].word}`);
    }
  }
  if (tree && tree.packages > 0) {
    lines.push(`Below the direct dependencies: ${tree.packages} ${tree.packages === 1 ? 'package' : 'packages'}`);
    for (const status of STATUS_ORDER) {
      const n = tree.counts[status] ?? 0;
      if (n > 0) lines.push(`${STATUS_LOOK[status].symbol} ${n} ${STATUS_LOOK[status].word}`);
    }
    if (tree.pending > 0) lines.push(`… ${tree.pending} still being checked`);
  }
  if (summary.networkProblem) lines.push(`Network: ${summary.networkProblem}`);
  lines.push('Click to show the Dependencies view.');
  return { text, tooltip: lines.join('\n'), warning: (summary.counts.rejected ?? 0) > 0 || (tree?.counts.rejected ?? 0) > 0 };
}
