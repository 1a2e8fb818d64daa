/** The workspace summary for the status bar and the Dependencies view (sigma/summary). */
import type { DependencyStatus, SummaryDependency, WorkspaceSummary } from '../../../../shared/src/protocol';
import type { ManifestCheck } from '../checker';
import { isIncomplete } from './completeness';
import { advisoryCount } from './findings';

/** One open manifest and its latest check, if any. */
export interface SummarySource {
  uri: string;
  check?: ManifestCheck;
}

export function buildSummary(states: Iterable<SummarySource>, checking: boolean): WorkspaceSummary {
  const counts: Record<DependencyStatus, number> = { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: 0 };
  const dependencies: SummaryDependency[] = [];
  let networkProblem: string | undefined;
  for (const state of states) {
    if (!state.check) continue;
    networkProblem ??= state.check.networkProblem;
    for (const d of state.check.dependencies) {
      if (d.pending) continue;
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
      });
    }
  }
  return { checking, counts, dependencies, networkProblem };
}
