/**
 * `--baseline REPORT.json`: "new problems only" (docs/ci.md, "Baselines"). The findings of an
 * earlier `--format json` report are read as identities (report/findingIdentity.ts); a finding of
 * this run with one of them is left out of every output and of `--fail-on`, and the outputs count it.
 */
import { promises as fs } from 'node:fs';
import type { CheckedDependency } from '../service/model';
import { UsageError } from './findManifests';
import { findingKey, NEVER_BASELINED, type FindingLike } from './report/findingIdentity';
import type { ManifestResult } from './report/reportModel';

interface ReportFinding {
  code?: unknown;
  advisoryId?: unknown;
  message?: unknown;
}

/** A direct dependency (`resolvedVersion`) or a tree package (`version`) of a JSON report. */
interface ReportPackage {
  registry?: unknown;
  normalizedName?: unknown;
  resolvedVersion?: unknown;
  version?: unknown;
  findings?: unknown;
}

function asArray(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** Reports written before findings carried `advisoryId` still name the id in the message. */
function advisoryIdOf(f: ReportFinding): string | undefined {
  if (typeof f.advisoryId === 'string') return f.advisoryId;
  if (typeof f.message === 'string') return /: advisory (\S+) \(/.exec(f.message)?.[1];
  return undefined;
}

/** The identities of every finding in a parsed `--format json` report (schemaVersion 1). */
export function baselineKeys(report: unknown): Set<string> {
  const r = report as { schemaVersion?: unknown; manifests?: unknown } | null;
  if (!r || typeof r !== 'object' || r.schemaVersion !== 1 || !Array.isArray(r.manifests)) {
    throw new UsageError('the --baseline file is not a sigma-trust --format json report (schemaVersion 1)');
  }
  const keys = new Set<string>();
  for (const m of r.manifests as Array<{ path?: unknown; dependencies?: unknown; tree?: { packages?: unknown } }>) {
    if (typeof m?.path !== 'string') continue;
    const packages = [...asArray(m.dependencies), ...asArray(m.tree?.packages)] as ReportPackage[];
    for (const p of packages) {
      if (typeof p?.registry !== 'string' || typeof p.normalizedName !== 'string') continue;
      const version = typeof p.resolvedVersion === 'string' ? p.resolvedVersion : typeof p.version === 'string' ? p.version : null;
      for (const f of asArray(p.findings) as ReportFinding[]) {
        if (typeof f?.code !== 'string') continue;
        keys.add(findingKey({ manifestPath: m.path, registry: p.registry, name: p.normalizedName, version }, { code: f.code, advisoryId: advisoryIdOf(f) }));
      }
    }
  }
  return keys;
}

export async function readBaseline(file: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the --baseline file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`the --baseline file ${file} is not JSON (write it with --format json)`);
  }
  return baselineKeys(parsed);
}

export interface BaselineOutcome {
  /** The results with the matched findings taken out: what every report format prints. */
  results: ManifestResult[];
  /** What `--fail-on` judges: a dependency whose verdict finding is in the baseline no longer counts for it. */
  gateDependencies: CheckedDependency[];
  leftOut: number;
  /** Whether a (filtered) dependency's verdict finding — rejected, conditional, uncertified — was left out. */
  statusInBaseline: (d: CheckedDependency) => boolean;
}

const VERDICT_CODES: ReadonlySet<string> = new Set(['rejected', 'conditional', 'uncertified']);

export function applyBaseline(results: ManifestResult[], keys: ReadonlySet<string>): BaselineOutcome {
  let leftOut = 0;
  const verdictLeftOut = new WeakSet<CheckedDependency>();
  const gateDependencies: CheckedDependency[] = [];
  const filter = <T extends CheckedDependency>(manifestPath: string, d: T): T => {
    const subject = { manifestPath, registry: d.dependency.registry, name: d.dependency.normalizedName, version: d.resolution.version };
    const matches = (f: FindingLike): boolean => !NEVER_BASELINED.has(f.code) && keys.has(findingKey(subject, f));
    const kept = d.findings.filter((f) => !matches(f));
    leftOut += d.findings.length - kept.length;
    const out: T = { ...d, findings: kept };
    const verdictMatched = VERDICT_CODES.has(d.status) && d.findings.some((f) => f.code === d.status && matches(f));
    if (verdictMatched) verdictLeftOut.add(out);
    // The gate sees the verdict as accepted: status is what --fail-on reads for rejected/uncertified.
    gateDependencies.push(verdictMatched ? { ...out, status: 'approved' } : out);
    return out;
  };
  const filtered = results.map((r): ManifestResult => {
    const dependencies = r.check.dependencies.map((d) => filter(r.path, d));
    // Tree packages (docs/tree.md) have the same identity: a report's `tree.packages` are baselined like its dependencies.
    const tree = r.tree ? { ...r.tree, packages: r.tree.packages.map((p) => filter(r.path, p)) } : r.tree;
    return { ...r, check: { ...r.check, dependencies }, ...(tree !== undefined ? { tree } : {}) };
  });
  return { results: filtered, gateDependencies, leftOut, statusInBaseline: (d) => verdictLeftOut.has(d) };
}
