/**
 * The draft's transitive figures beside the open workspace's whole tree (docs/tree.md): the quote
 * counts the packages below the draft's direct dependencies, the language server counts the packages
 * the workspace's lockfiles install. The panel shows both, so a draft that was built from another
 * lockfile than the one open reads as different at a glance.
 */

/** The part of the workspace summary's tree this comparison needs. */
export interface WorkspaceTreeCounts {
  packages: number;
  counts: { uncertified: number };
  /** Tree packages still being checked: their statuses are not counted yet. */
  pending: number;
}

export interface TreeFigure {
  /** The draft's figure; undefined when the quote did not carry it. */
  draft: number | undefined;
  /** The workspace's figure; undefined when no open manifest has a lockfile tree. */
  workspace: number | undefined;
  /** Both known and different. */
  differs: boolean;
}

export interface TreeComparison {
  checked: TreeFigure;
  uncertified: TreeFigure;
  /** The workspace's tree is still being checked, so its uncertified count may still grow. */
  workspacePending: boolean;
}

function figure(draft: number | undefined, workspace: number | undefined): TreeFigure {
  return { draft, workspace, differs: draft !== undefined && workspace !== undefined && draft !== workspace };
}

/** Non-negative whole numbers only: anything else from the network reads as unknown. */
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export function compareTree(
  draft: { transitiveDependenciesChecked?: unknown; transitiveDependenciesUncertified?: unknown },
  workspace: WorkspaceTreeCounts | undefined,
): TreeComparison {
  return {
    checked: figure(count(draft.transitiveDependenciesChecked), workspace?.packages),
    uncertified: figure(count(draft.transitiveDependenciesUncertified), workspace?.counts.uncertified),
    workspacePending: (workspace?.pending ?? 0) > 0,
  };
}

/** The figure's second line in the panel, e.g. "workspace: 212" or "workspace: 3 so far". */
export function workspaceNote(f: TreeFigure, pending: boolean): string {
  if (f.workspace === undefined) return 'workspace: no lockfile tree';
  return `workspace: ${f.workspace}${pending ? ' so far' : ''}`;
}
