/**
 * SARIF results for tree packages (docs/ci.md, docs/tree.md): each finding sits on the line of
 * the direct dependency that brings the package in (its shortest path), the paths are in the
 * message, and the package's lockfile entry is a related location. A lockfile without edges gives
 * no path, so its findings sit on the lockfile entry itself.
 */
import type { Range } from '../../service/model';
import type { TreePackage } from '../../service/tree/treeCheck';
import type { ManifestResult } from './reportModel';

export interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> };
}

export function region(range: Range): Record<string, number> {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** Where a tree package's findings are shown, and the related location of its lockfile entry. */
export function treeLocations(r: ManifestResult, p: TreePackage, artifact: (reportPath: string) => { uri: string; uriBaseId?: string }): { location: SarifLocation; related: unknown[]; pathsText: string } {
  const lockfile = r.tree!.lockfile;
  const entry: SarifLocation = { physicalLocation: { artifactLocation: artifact(lockfile), region: region(p.lockfileRange) } };
  const first = p.via[0]?.[0];
  const direct = first === undefined ? undefined : r.check.dependencies.find((d) => d.dependency.name === first);
  const location: SarifLocation = direct ? { physicalLocation: { artifactLocation: artifact(r.path), region: region(direct.dependency.range) } } : entry;
  const pathsText = p.via.length > 0 ? ` (via ${p.via.map((path) => path.join(' → ')).join('; ')})` : ` (in ${lockfile})`;
  return { location, related: [{ id: 1, ...entry, message: { text: `${p.name} ${p.version} in ${lockfile}` } }], pathsText };
}
