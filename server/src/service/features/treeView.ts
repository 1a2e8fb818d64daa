/**
 * The Dependencies view's children below a direct dependency (docs/tree.md, "In the editor"): one
 * level at a time (the view asks lazily), each package with its status and how many packages below it
 * need attention, so a "problems only" filter can hide the clean branches without walking them in the
 * client.
 */
import type { TreeChild, TreeChildrenParams } from '../../../../shared/src/protocol';
import type { ManifestCheck } from '../checker';
import type { CheckedDependency } from '../model';
import { directKey, needsAttention, rootOf, trustKeyOf, type ManifestTree } from '../tree/treeCheck';
import type { NodeIndex } from '../tree/types';
import { directDependencies } from '../tree/walk';
import { activeAdvisories } from '../stages/findings';

/** The entry (tree package or direct dependency) each name@version of the tree was checked as. */
function entriesByKey(check: ManifestCheck, tree: ManifestTree): Map<string, CheckedDependency> {
  const out = new Map<string, CheckedDependency>();
  for (const p of tree.packages) out.set(p.key, p);
  for (const d of check.dependencies) {
    const key = directKey(d);
    if (key !== undefined && !out.has(key)) out.set(key, d);
  }
  return out;
}

/** Distinct packages below `root` (not counting its own name@version) that need attention. */
function problemsBelow(tree: ManifestTree, root: NodeIndex, entries: Map<string, CheckedDependency>): number {
  const nodes = tree.tree.nodes;
  const seen = new Uint8Array(nodes.length);
  const keys = new Set<string>([nodes[root].key]);
  const queue = [root];
  seen[root] = 1;
  let problems = 0;
  for (let head = 0; head < queue.length; head++) {
    for (const dep of nodes[queue[head]].deps) {
      if (seen[dep] === 1) continue;
      seen[dep] = 1;
      queue.push(dep);
      if (keys.has(nodes[dep].key)) continue;
      keys.add(nodes[dep].key);
      const entry = entries.get(trustKeyOf(nodes[dep].registry, nodes[dep].name, nodes[dep].version));
      if (entry && needsAttention(entry)) problems++;
    }
  }
  return problems;
}

export function treeChildren(check: ManifestCheck, tree: ManifestTree, params: Pick<TreeChildrenParams, 'direct' | 'node' | 'problemsOnly'>): TreeChild[] {
  const nodes = tree.tree.nodes;
  let parent: NodeIndex | undefined;
  if (typeof params.node === 'number') parent = Number.isInteger(params.node) && params.node >= 0 && params.node < nodes.length ? params.node : undefined;
  else {
    const roots = directDependencies(tree.tree, tree.importer);
    const direct = check.dependencies.find((d) => d.dependency.name === params.direct);
    parent = direct ? rootOf(roots, direct) : roots.get(params.direct);
  }
  if (parent === undefined) return [];
  const entries = entriesByKey(check, tree);
  const children: TreeChild[] = [];
  const seen = new Set<string>();
  for (const index of nodes[parent].deps) {
    const node = nodes[index];
    if (seen.has(node.key)) continue;
    seen.add(node.key);
    const entry = entries.get(trustKeyOf(node.registry, node.name, node.version));
    const below = problemsBelow(tree, index, entries);
    const problem = entry !== undefined && needsAttention(entry);
    if (params.problemsOnly === true && !problem && below === 0) continue;
    children.push({
      node: index,
      registry: node.registry,
      name: node.name,
      version: node.version,
      dev: node.dev,
      status: entry?.pending === true || !entry ? 'pending' : entry.status,
      advisoryCount: entry ? activeAdvisories(entry.facts).length : 0,
      problem,
      problemsBelow: below,
      children: node.deps.length,
      lockfileUri: tree.lockfile,
      range: node.range,
    });
  }
  return children;
}
