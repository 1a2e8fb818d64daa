/**
 * Questions asked of a tree (docs/formats/tree.md): which distinct packages a direct dependency brings
 * in, and by which shortest paths each package is reached. Breadth-first over node indices; cycles
 * are cut (a path never visits a node twice), so any lockfile, however tangled, terminates.
 */
import type { DependencyTree, NodeIndex } from './types';

/** The direct dependencies of one importer (`''` the root): manifest name → node. */
export function directDependencies(tree: DependencyTree, importer = ''): Map<string, NodeIndex> {
  return tree.importers.get(importer) ?? new Map<string, NodeIndex>();
}

/** One node per distinct name@version, in node order: what must be checked, each once. */
export function distinctPackages(tree: DependencyTree): NodeIndex[] {
  const seen = new Set<string>();
  const out: NodeIndex[] = [];
  tree.nodes.forEach((node, i) => {
    if (seen.has(node.key)) return;
    seen.add(node.key);
    out.push(i);
  });
  return out;
}

/**
 * The distinct packages `root` brings in (one node per name@version, breadth-first order), not
 * counting the root's own name@version.
 */
export function subtree(tree: DependencyTree, root: NodeIndex): NodeIndex[] {
  const nodes = tree.nodes;
  const visited = new Uint8Array(nodes.length);
  const keys = new Set<string>([nodes[root].key]);
  const out: NodeIndex[] = [];
  const queue: NodeIndex[] = [root];
  visited[root] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const dep of nodes[queue[head]].deps) {
      if (visited[dep] === 1) continue;
      visited[dep] = 1;
      queue.push(dep);
      const key = nodes[dep].key;
      if (!keys.has(key)) {
        keys.add(key);
        out.push(dep);
      }
    }
  }
  return out;
}

/** A step of a path, linked to the step before it: paths share their prefixes. */
interface Step {
  node: NodeIndex;
  label: string;
  prev: Step | undefined;
}

/**
 * Up to `max` shortest paths to every reachable package, keyed by name@version. Each path runs
 * from a direct dependency's manifest name (the alias key for aliases) down to the package's own
 * name, e.g. `['express', 'body-parser', 'qs']`; a direct dependency's own path is `[name]`.
 * Shorter paths come first; among equal lengths, the roots' order and then the lockfile's edge order.
 */
export function shortestPaths(tree: DependencyTree, roots: Iterable<[string, NodeIndex]>, max = 3): Map<string, string[][]> {
  const nodes = tree.nodes;
  const count = new Uint8Array(nodes.length);
  const found = new Map<string, Step[]>();
  const queue: Step[] = [];
  const record = (step: Step) => {
    count[step.node]++;
    queue.push(step);
    const key = nodes[step.node].key;
    const list = found.get(key);
    if (!list) found.set(key, [step]);
    else if (list.length < max) list.push(step);
  };
  for (const [name, node] of roots) {
    if (count[node] < max) record({ node, label: name, prev: undefined });
  }
  for (let head = 0; head < queue.length; head++) {
    const step = queue[head];
    for (const dep of nodes[step.node].deps) {
      if (count[dep] >= max || onPath(step, dep)) continue;
      record({ node: dep, label: nodes[dep].name, prev: step });
    }
  }
  const out = new Map<string, string[][]>();
  for (const [key, steps] of found) out.set(key, steps.map(labels));
  return out;
}

function onPath(step: Step | undefined, node: NodeIndex): boolean {
  for (; step; step = step.prev) if (step.node === node) return true;
  return false;
}

function labels(step: Step): string[] {
  const out: string[] = [];
  for (let s: Step | undefined = step; s; s = s.prev) out.push(s.label);
  return out.reverse();
}
