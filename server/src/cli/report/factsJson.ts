/** The JSON fields every checked version reports (docs/ci.md, "JSON report"), direct dependency or tree package alike. */
import type { CheckedDependency } from '../../service/model';

/** What a direct dependency and a tree package both report about their version: certificate, advisories, findings. */
export function factsJson(d: CheckedDependency): Record<string, unknown> {
  return {
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
  };
}
