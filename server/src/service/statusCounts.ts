/**
 * Checked packages counted by status, in the shape every report prints (docs/ci.md, "JSON report"):
 * a total first, then one count per status, with status `error` counted as `errors`. The CLI's
 * `summary` names its total `dependencies`, the tree's counts (`subtree`, `summary.tree`, docs/tree.md)
 * name it `packages`; the counting is the same.
 */
import type { TrustStatus } from './model';

/** One count per status; `error` is counted as `errors`. */
type CountKey = 'approved' | 'conditional' | 'rejected' | 'uncertified' | 'unresolved' | 'skipped' | 'errors';

export type StatusCounts<Total extends string> = Record<Total, number> & Record<CountKey, number>;

const COUNT_KEY: Readonly<Record<TrustStatus, CountKey>> = {
  approved: 'approved',
  conditional: 'conditional',
  rejected: 'rejected',
  uncertified: 'uncertified',
  unresolved: 'unresolved',
  skipped: 'skipped',
  error: 'errors',
};

/** Every entry counted once in `total` and once under its status. */
export function countByStatus<Total extends string>(total: Total, entries: Iterable<{ status: TrustStatus }>): StatusCounts<Total> {
  const counts: Record<string, number> = { [total]: 0, approved: 0, conditional: 0, rejected: 0, uncertified: 0, unresolved: 0, skipped: 0, errors: 0 };
  for (const entry of entries) {
    counts[total]++;
    counts[COUNT_KEY[entry.status]]++;
  }
  return counts;
}
