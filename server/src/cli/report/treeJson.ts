/** The JSON shape of the whole tree (docs/ci.md "JSON report", docs/tree.md): `tree` per manifest, `subtree` per direct dependency, `summary.tree`. */
import { treeCounts, workspaceTreeCounts, type ManifestTree, type Subtree, type TreeCounts } from '../../service/tree/treeCheck';
import { factsJson } from './factsJson';
import type { ManifestResult } from './reportModel';

export function treeJson(tree: ManifestTree): unknown {
  return {
    lockfile: tree.lockfile,
    packages: [
      ...tree.packages.map((p) => ({
        registry: p.registry,
        name: p.name,
        normalizedName: p.name,
        version: p.version,
        dev: p.dev,
        status: p.status,
        ...factsJson(p),
        via: p.via,
        lockfileRange: p.lockfileRange,
      })),
      // Not a registry package: never looked up, but listed and counted so nothing installed goes unmentioned.
      ...tree.skipped.map((s) => ({
        registry: s.registry,
        name: s.name,
        normalizedName: s.name,
        version: null,
        dev: false,
        status: 'skipped',
        certificate: null,
        advisories: [],
        findings: [{ code: 'skipped', severity: 'hint', message: `${s.name}: not checked — ${s.reason}` }],
        via: [],
        lockfileRange: s.lockfileRange,
      })),
    ],
    summary: treeCounts(tree),
  };
}

/** null for a direct dependency the lockfile's tree does not hold (skipped, unpinned, or no edges). */
export function subtreeJson(subtree: Subtree | undefined): TreeCounts | null {
  return subtree ? subtree.counts : null;
}

/** The tree counts over every manifest: each distinct name@version once per run, however many manifests install it. */
export function treeSummary(results: ManifestResult[]): TreeCounts {
  return workspaceTreeCounts(results.flatMap((r) => (r.tree ? [r.tree] : [])));
}
