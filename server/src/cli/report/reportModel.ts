/** What every report format is built from: each manifest's path (relative, posix) and its check. */
import type { ManifestCheck } from '../../service/checker';
import type { CheckedDependency, ManifestKind, TrustStatus } from '../../service/model';
import type { ManifestTree } from '../../service/tree/treeCheck';

export interface ManifestResult {
  /** Relative to the working folder, with `/` separators. */
  path: string;
  kind: ManifestKind;
  check: ManifestCheck;
  /**
   * The whole tree (docs/tree.md): undefined when it is off (`--no-transitive`), null when no
   * lockfile with a tree pins the manifest.
   */
  tree?: ManifestTree | null;
}

export interface Summary {
  dependencies: number;
  approved: number;
  conditional: number;
  rejected: number;
  uncertified: number;
  unresolved: number;
  skipped: number;
  errors: number;
}

export function summarize(results: ManifestResult[]): Summary {
  const s: Summary = { dependencies: 0, approved: 0, conditional: 0, rejected: 0, uncertified: 0, unresolved: 0, skipped: 0, errors: 0 };
  const key: Record<TrustStatus, keyof Summary> = {
    approved: 'approved',
    conditional: 'conditional',
    rejected: 'rejected',
    uncertified: 'uncertified',
    unresolved: 'unresolved',
    skipped: 'skipped',
    error: 'errors',
  };
  for (const r of results) {
    for (const d of r.check.dependencies) {
      s.dependencies++;
      s[key[d.status]]++;
    }
  }
  return s;
}

/** Every checked package: direct dependencies and tree packages, so `--fail-on` and completeness count both. */
export function allDependencies(results: ManifestResult[]): CheckedDependency[] {
  return results.flatMap((r) => [...r.check.dependencies, ...(r.tree?.packages ?? [])]);
}
