// Summary entries for the client's unit tests, built from the fields that matter to each test.
import type { DependencyStatus, SummaryDependency, WorkspaceSummary } from '../../../shared/src/protocol';

export function dep(fields: Partial<SummaryDependency> & { name: string }): SummaryDependency {
  return {
    uri: 'file:///w/web-app/package.json',
    registry: 'npm',
    normalizedName: fields.name.toLowerCase(),
    specifier: '^1.0.0',
    section: 'dependencies',
    version: '1.0.0',
    resolvedFrom: 'lockfile',
    status: 'approved',
    range: { start: { line: 3, character: 4 }, end: { line: 3, character: 20 } },
    advisoryCount: 0,
    findingCount: 0,
    stale: false,
    ...fields,
  };
}

export function summary(counts: Partial<Record<DependencyStatus, number>>, extra: Partial<WorkspaceSummary> = {}): WorkspaceSummary {
  return {
    checking: false,
    counts: { approved: 0, conditional: 0, rejected: 0, uncertified: 0, error: 0, unresolved: 0, skipped: 0, ...counts },
    dependencies: [],
    ...extra,
  };
}
