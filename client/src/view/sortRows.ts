/**
 * Sorting of the preview table (clicking a column header). Runs in the webview; pure so it is tested
 * with mocha. Statuses sort worst first; unknown statuses between the known bad and the good ones.
 */
import type { PreviewRow } from './previewModel';

export type SortColumn = 'package' | 'version' | 'registry' | 'type' | 'status' | 'tier' | 'price' | 'workspace';
export type SortDirection = 'ascending' | 'descending';

const STATUS_RANK: Record<string, number> = { REJECTED: 0, UNCERTIFIED: 1, TO_AUDIT: 2, CERTIFIED: 4 };
const DIFF_RANK = { missing: 0, version: 1, same: 2 } as const;

function statusRank(status: string): number {
  return STATUS_RANK[status.toUpperCase()] ?? 3;
}

function text(a: string | undefined, b: string | undefined): number {
  return (a ?? '').localeCompare(b ?? '', 'en', { sensitivity: 'base', numeric: true });
}

/** Missing numbers sort last in both directions, so "no price" never reads as "free". */
const COMPARE: Record<SortColumn, (a: PreviewRow, b: PreviewRow) => number> = {
  package: (a, b) => text(a.packageName, b.packageName),
  version: (a, b) => text(a.packageVersion, b.packageVersion),
  registry: (a, b) => text(a.registrySource, b.registrySource),
  type: (a, b) => text(a.dependencyType, b.dependencyType),
  status: (a, b) => statusRank(a.status) - statusRank(b.status) || text(a.status, b.status),
  tier: (a, b) => text(a.estimatedComplexityTier, b.estimatedComplexityTier),
  price: (a, b) => (a.estimatedPriceUsd ?? 0) - (b.estimatedPriceUsd ?? 0),
  workspace: (a, b) => DIFF_RANK[a.diff.kind] - DIFF_RANK[b.diff.kind],
};

export function sortRows(rows: readonly PreviewRow[], column: SortColumn, direction: SortDirection): PreviewRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const compare = COMPARE[column];
  // Index as the last key keeps the sort stable and the original order among equals.
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      if (column === 'price') {
        const missing = Number(a.row.estimatedPriceUsd === undefined) - Number(b.row.estimatedPriceUsd === undefined);
        if (missing !== 0) return missing;
      }
      return sign * compare(a.row, b.row) || sign * text(a.row.packageName, b.row.packageName) || a.index - b.index;
    })
    .map((x) => x.row);
}

/** Clicking the sorted column flips it; another column starts ascending (status: worst first). */
export function nextSort(current: { column: SortColumn; direction: SortDirection } | undefined, clicked: SortColumn): { column: SortColumn; direction: SortDirection } {
  if (current?.column === clicked) return { column: clicked, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column: clicked, direction: 'ascending' };
}
