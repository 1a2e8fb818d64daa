/** `--format json`: the schema of docs/ci.md, "JSON report" (schemaVersion 1). */
import type { ManifestResult } from './reportModel';
import { summarize } from './reportModel';

export function jsonReport(results: ManifestResult[]): unknown {
  return {
    schemaVersion: 1,
    manifests: results.map((r) => ({
      path: r.path,
      kind: r.kind,
      errors: r.check.parsed.errors.map((e) => ({ message: e.message, range: e.range })),
      dependencies: r.check.dependencies.map((d) => ({
        registry: d.dependency.registry,
        name: d.dependency.name,
        normalizedName: d.dependency.normalizedName,
        specifier: d.dependency.specifier,
        section: d.dependency.section,
        range: d.dependency.range,
        resolvedVersion: d.resolution.version,
        resolvedFrom: d.resolution.resolvedFrom,
        status: d.status,
        certificate: d.facts?.rawCertificate ?? null,
        advisories: (d.facts?.advisories ?? []).map((a) => ({
          id: a.id,
          source: a.source,
          severity: a.severity,
          title: a.title,
          url: a.url ?? null,
          aliases: a.aliases,
          fixedIn: a.fixedIn ?? [],
          withdrawn: a.withdrawn ?? false,
        })),
        findings: d.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...(f.href ? { href: f.href } : {}), ...(f.advisoryId !== undefined ? { advisoryId: f.advisoryId } : {}) })),
        ...(d.suppression ? { suppression: d.suppression } : {}),
        // A version picked from a cached version list is stale even when the facts about it are live.
        ...(d.facts ? { freshness: d.resolution.stale === true ? 'stale' : d.facts.freshness } : {}),
      })),
    })),
    summary: summarize(results),
  };
}
