/** What every report format is built from: each manifest's path (relative, posix) and its check. */
import type { ManifestCheck } from '../../service/checker';
import type { CheckedDependency, ManifestKind } from '../../service/model';
import { countByStatus, type StatusCounts } from '../../service/statusCounts';
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

/** The direct dependencies of every manifest by status (`summary` in the JSON report, docs/ci.md). */
export type Summary = StatusCounts<'dependencies'>;

export function summarize(results: ManifestResult[]): Summary {
  return countByStatus('dependencies', results.flatMap((r) => r.check.dependencies));
}

/** Every checked package: direct dependencies and tree packages, so `--fail-on` and completeness count both. */
export function allDependencies(results: ManifestResult[]): CheckedDependency[] {
  return results.flatMap((r) => [...r.check.dependencies, ...(r.tree?.packages ?? [])]);
}
