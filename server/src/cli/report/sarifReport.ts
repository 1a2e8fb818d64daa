/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it — one result per finding, `ruleId`
 * the finding's code, 1-based regions, artifact URIs relative to the working folder (%SRCROOT%).
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnosticCode, FindingSeverity } from '../../service/model';
import type { ManifestResult } from './reportModel';

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
};

/**
 * Manifests under the working folder are relative to %SRCROOT% (what code scanning expects); one
 * outside it can only be named by an absolute file URI, without a base.
 */
function artifactLocation(reportPath: string): { uri: string; uriBaseId?: string } {
  return path.isAbsolute(reportPath) ? { uri: pathToFileURL(reportPath).href } : { uri: encodeURI(reportPath), uriBaseId: '%SRCROOT%' };
}

const LEVEL: Record<FindingSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function sarifReport(results: ManifestResult[], toolVersion: string): unknown {
  const codes = Object.keys(RULES) as DiagnosticCode[];
  const sarifResults: unknown[] = [];
  for (const r of results) {
    for (const d of r.check.dependencies) {
      const { range } = d.dependency;
      for (const f of d.findings) {
        sarifResults.push({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(r.path),
                region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
              },
            },
          ],
          partialFingerprints: { sigmaDependency: `${r.path}|${d.dependency.registry}|${d.dependency.normalizedName}|${d.dependency.section}|${f.code}` },
          properties: { registry: d.dependency.registry, package: d.dependency.normalizedName, version: d.resolution.version, status: d.status },
        });
      }
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
            version: toolVersion,
            informationUri: 'https://api.soulbyte.tech',
            rules: codes.map((id) => ({ id, name: id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()), shortDescription: { text: RULES[id] }, fullDescription: { text: RULES[id] } })),
          },
        },
        results: sarifResults,
      },
    ],
  };
}
