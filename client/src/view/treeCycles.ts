/**
 * Cycles in the Dependencies view's tree (docs/tree.md, "Dependencies view"): lockfiles can hold
 * packages that depend on each other (npm allows `a → b → a`), and a view that expanded every child
 * would go round for ever. A child that is one of its own ancestors on the path from the direct
 * dependency (same registry, name and version) is listed once more, marked as a cycle, and not
 * expanded again: its children are already shown above it.
 */
import type { TreeChild } from '../../../shared/src/protocol';

/** A row above a tree package: the direct dependency or a tree package on the path to it. */
export interface TreeAncestor {
  registry: string;
  name: string;
  version: string | null;
}

const keyOf = (p: TreeAncestor): string => `${p.registry}:${p.name}@${p.version ?? ''}`;

/** Each child with whether it is one of `ancestors` (root first or last: order does not matter). */
export function markCycles(children: readonly TreeChild[], ancestors: readonly TreeAncestor[]): Array<{ child: TreeChild; cycle: boolean }> {
  const above = new Set(ancestors.filter((a) => a.version !== null).map(keyOf));
  return children.map((child) => ({ child, cycle: above.has(keyOf(child)) }));
}
