/** `--format json`: the schema of docs/ci.md, "JSON report" (schemaVersion 1), with `tree` and `subtree` when the whole tree is on (docs/tree.md). */
import { factsJson } from './factsJson';
import type { ManifestResult } from './reportModel';
import { summarize } from './reportModel';
import { subtreeJson, treeJson, treeSummary } from './treeJson';

export function jsonReport(results: ManifestResult[]): unknown {
  // `tree` is undefined only when the whole tree is off: then the report is exactly what it was without it.
  const withTree = results.some((r) => r.tree !== undefined);
  return {
    schemaVersion: 1,
    manifests: results.map((r) => ({
      path: r.path,
      kind: r.kind,
      errors: [
        ...(r.check.lockfileProblem !== undefined ? [{ code: 'lockfile-unreadable', message: r.check.lockfileProblem, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] : []),
        ...r.check.parsed.errors.map((e) => ({ message: e.message, range: e.range })),
      ],
      dependencies: r.check.dependencies.map((d, i) => ({
        registry: d.dependency.registry,
        name: d.dependency.name,
        normalizedName: d.dependency.normalizedName,
        specifier: d.dependency.specifier,
        section: d.dependency.section,
        range: d.dependency.range,
        resolvedVersion: d.resolution.version,
        resolvedFrom: d.resolution.resolvedFrom,
        status: d.status,
        ...factsJson(d),
        ...(withTree ? { subtree: subtreeJson(r.tree?.subtrees[i]) } : {}),
      })),
      ...(withTree ? { tree: r.tree ? treeJson(r.tree) : null } : {}),
    })),
    summary: withTree ? { ...summarize(results), tree: treeSummary(results) } : summarize(results),
  };
}
