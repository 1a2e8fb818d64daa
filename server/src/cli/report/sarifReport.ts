/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it — one result per finding, `ruleId`
 * the finding's code, 1-based regions, artifact URIs relative to the working folder (%SRCROOT%),
 * `partialFingerprints` from the finding's identity (never its line: docs/ci.md, "Fingerprints"),
 * one rule per code with help text, and the run's exit code in `invocations`.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnosticCode, Finding, FindingSeverity } from '../../service/model';
import { type FindingSubject, findingKey, fingerprint } from './findingIdentity';
import type { ManifestResult } from './reportModel';
import { RULE_HELP, SIGMA_HOME } from './ruleHelp';
import { type SarifLocation, region, treeLocations } from './treeSarif';

const RULES: Record<DiagnosticCode, string> = {
  rejected: 'The SIGMA council verdict for this exact version is REJECTED.',
  conditional: 'The SIGMA council verdict is neither APPROVED nor rejected.',
  'security-level': 'The SIGMA certificate reports a security level other than CLEAR.',
  'retained-warning': 'The SIGMA council retained a warning for this version.',
  advisory: 'A registry security advisory applies to this exact version.',
  'integrity-mismatch': 'A pinned hash does not match the distribution SIGMA reviewed.',
  'partial-analysis': 'SIGMA analysed only part of this package (PARTIAL or BINARY_ONLY).',
  uncertified: 'SIGMA has no certificate for this exact version.',
  unresolved: 'No exact version could be determined for this dependency.',
  skipped: 'Not a registry dependency (git, path, URL, workspace, catalog); not checked.',
  'lookup-failed': "SIGMA's answer for this version failed or was invalid; its status is unknown.",
  'registry-unavailable': 'The registries could not be reached; cached or no results are shown.',
  'lockfile-unreadable': "The manifest's lockfile could not be read; its ranges were checked instead of the installed versions.",
};

/**
 * Manifests under the working folder are relative to %SRCROOT% (what code scanning expects); one
 * outside it can only be named by an absolute file URI, without a base.
 */
function artifactLocation(reportPath: string): { uri: string; uriBaseId?: string } {
  return path.isAbsolute(reportPath) ? { uri: pathToFileURL(reportPath).href } : { uri: encodeURI(reportPath), uriBaseId: '%SRCROOT%' };
}

const LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export interface SarifOptions {
  toolVersion: string;
  /** The exit code this run ends with (docs/ci.md, "JSON report"); 2 and 3 mean the check did not complete. */
  exitCode: number;
  /** With `--baseline`: how many findings were left out. */
  baselineLeftOut?: number;
}

/** `lockfile-unreadable`: one result per manifest, at its first line, identified by the manifest and the code. */
function lockfileResult(r: ManifestResult, message: string, codes: DiagnosticCode[]): unknown {
  const code: DiagnosticCode = 'lockfile-unreadable';
  return {
    ruleId: code,
    ruleIndex: codes.indexOf(code),
    level: LEVEL[RULE_HELP[code].severity],
    message: { text: message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.path), region: { startLine: 1, startColumn: 1 } } }],
    partialFingerprints: { 'sigmaFinding/v1': fingerprint(findingKey({ manifestPath: r.path, registry: '', name: '', version: null }, { code })) },
  };
}

/** Where a dependency's (or a tree package's) findings are reported, and what every result of it carries. */
interface FindingPlace {
  subject: FindingSubject;
  location: SarifLocation;
  relatedLocations?: unknown[];
  /** Appended to each finding's message (a tree package's paths). */
  messageSuffix: string;
  /** The package's properties; each result adds its advisory id and link. */
  properties: Record<string, unknown>;
}

/** One SARIF result per finding of one package, fingerprinted by the finding's identity. */
function findingResults(findings: readonly Finding[], codes: DiagnosticCode[], place: FindingPlace): unknown[] {
  // Two findings with one identity on one package (two retained warnings) stay two alerts.
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const key = findingKey(place.subject, f);
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    return {
      ruleId: f.code,
      ruleIndex: codes.indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: `${f.message}${place.messageSuffix}` },
      locations: [place.location],
      ...(place.relatedLocations !== undefined ? { relatedLocations: place.relatedLocations } : {}),
      partialFingerprints: { 'sigmaFinding/v1': fingerprint(nth === 1 ? key : `${key}#${nth}`) },
      properties: {
        ...place.properties,
        ...(f.advisoryId !== undefined ? { advisoryId: f.advisoryId } : {}),
        ...(f.href ? { href: f.href } : {}),
      },
    };
  });
}

export function sarifReport(results: ManifestResult[], opts: SarifOptions): unknown {
  const codes = Object.keys(RULES) as DiagnosticCode[];
  const sarifResults: unknown[] = [];
  for (const r of results) {
    if (r.check.lockfileProblem !== undefined) sarifResults.push(lockfileResult(r, r.check.lockfileProblem, codes));
    for (const d of r.check.dependencies) {
      sarifResults.push(
        ...findingResults(d.findings, codes, {
          subject: { manifestPath: r.path, registry: d.dependency.registry, name: d.dependency.normalizedName, version: d.resolution.version },
          location: { physicalLocation: { artifactLocation: artifactLocation(r.path), region: region(d.dependency.range) } },
          messageSuffix: '',
          properties: { registry: d.dependency.registry, package: d.dependency.normalizedName, version: d.resolution.version, status: d.status },
        }),
      );
    }
    for (const p of r.tree?.packages ?? []) {
      if (p.findings.length === 0) continue;
      const { location, related, pathsText } = treeLocations(r, p, artifactLocation);
      sarifResults.push(
        ...findingResults(p.findings, codes, {
          // The same identity as a direct dependency's finding and as a baseline match (docs/ci.md): never the line or the path.
          subject: { manifestPath: r.path, registry: p.registry, name: p.name, version: p.version },
          location,
          relatedLocations: related,
          messageSuffix: pathsText,
          properties: { registry: p.registry, package: p.name, version: p.version, status: p.status, tree: true, dev: p.dev },
        }),
      );
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sigma-trust',
            version: opts.toolVersion,
            semanticVersion: opts.toolVersion,
            informationUri: SIGMA_HOME,
            rules: codes.map((id) => ({
              id,
              name: id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[id] },
              fullDescription: { text: `${RULES[id]} ${RULE_HELP[id].text}` },
              helpUri: RULE_HELP[id].uri,
              help: { text: `${RULES[id]} ${RULE_HELP[id].text} More: ${RULE_HELP[id].uri}`, markdown: `${RULES[id]}\n\n${RULE_HELP[id].text}\n\n[More about this finding](${RULE_HELP[id].uri})` },
              defaultConfiguration: { level: LEVEL[RULE_HELP[id].severity] },
            })),
          },
        },
        invocations: [{ executionSuccessful: opts.exitCode === 0 || opts.exitCode === 1, exitCode: opts.exitCode }],
        ...(opts.baselineLeftOut !== undefined ? { properties: { baselineLeftOut: opts.baselineLeftOut } } : {}),
        results: sarifResults,
      },
    ],
  };
}
