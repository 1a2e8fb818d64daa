/** The workspace summary for the status bar and the Dependencies view (sigma/summary). */
import type { DependencyStatus, SummaryDependency, WorkspaceSummary } from '../../../../shared/src/protocol';
import type { ManifestCheck } from '../checker';
import { needsAttention, subtreeOf, type ManifestTree, type TreePackage, type TreeSkip } from '../tree/treeCheck';
import { isIncomplete } from '../stages/completeness';
import { advisoryCount } from '../stages/findings';

/** One open manifest and its latest check, if any. */
export interface SummarySource {
  uri: string;
  check?: ManifestCheck;
  /** The whole tree below it (docs/tree.md), once planned. */
  tree?: ManifestTree;
}

export function buildSummary(iterable: Iterable<SummarySource>, checking: boolean): WorkspaceSummary {
  // Read twice (direct dependencies, then the trees), and a Map's values() iterates only once.
  const states = [...iterable];
  const counts: Record<DependencyStatus, number> = { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: 0 };
  const dependencies: SummaryDependency[] = [];
  let networkProblem: string | undefined;
  for (const state of states) {
    if (!state.check) continue;
    networkProblem ??= state.check.networkProblem;
    for (const d of state.check.dependencies) {
      if (d.pending) continue;
      const below = subtreeOf(state.tree, d);
      counts[d.status]++;
      const cert = d.facts?.certificate;
      dependencies.push({
        uri: state.uri,
        registry: d.dependency.registry,
        name: d.dependency.name,
        normalizedName: d.dependency.normalizedName,
        specifier: d.dependency.specifier,
        section: d.dependency.section,
        version: d.resolution.version,
        resolvedFrom: d.resolution.resolvedFrom,
        status: d.status,
        range: d.dependency.range,
        certificateId: cert?.certificateId,
        certificateUrl: cert?.verifyUrl,
        advisoryCount: advisoryCount(d.facts),
        findingCount: d.findings.length,
        // A version picked from a cached version list is as stale as a cached certificate.
        stale: d.facts?.freshness === 'stale' || d.resolution.stale === true,
        incomplete: isIncomplete(d),
        ...(below
          ? {
              below: {
                packages: below.counts.packages,
                approved: below.counts.approved,
                rejected: below.counts.rejected,
                problems: below.entries.filter((e) => needsAttention(e.entry)).length,
                pending: below.entries.filter((e) => e.entry.pending === true).length,
              },
            }
          : {}),
      });
    }
  }
  const tree = treeSummary(states);
  return tree ? { checking, counts, dependencies, networkProblem, tree } : { checking, counts, dependencies, networkProblem };
}

/** Each distinct tree package of the open manifests once (a package two manifests install is one), skipped entries once per lockfile. */
function treeSummary(states: readonly SummarySource[]): WorkspaceSummary['tree'] {
  const packages = new Map<string, TreePackage>();
  const skipped = new Map<string, TreeSkip>();
  let any = false;
  for (const state of states) {
    if (!state.tree) continue;
    any = true;
    for (const p of state.tree.packages) if (!packages.has(p.key)) packages.set(p.key, p);
    for (const s of state.tree.skipped) skipped.set(JSON.stringify([state.tree.lockfile, s.name]), s);
  }
  if (!any) return undefined;
  const counts: Record<DependencyStatus, number> = { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: skipped.size };
  let pending = 0;
  for (const p of packages.values()) {
    if (p.pending) pending++;
    else counts[p.status]++;
  }
  return { packages: packages.size + skipped.size, counts, pending };
}
