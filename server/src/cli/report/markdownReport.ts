/**
 * `--format markdown`: for a CI job summary or a pull request comment (docs/ci.md). A summary line
 * and one table of findings, worst first, capped so a comment stays readable. No ANSI; every text
 * that came from a manifest or the network is escaped, and links are only http(s).
 */
import { escapeMarkdown, safeLink } from '../../service/features/markdown';
import type { CheckedDependency, Finding, FindingSeverity } from '../../service/model';
import type { ManifestResult } from './reportModel';
import { summarize } from './reportModel';
import { counted } from './counted';
import { treeSummary } from './treeJson';

export interface MarkdownOptions {
  /** Most table rows; the rest are counted in a closing "… and N more" line. */
  maxRows?: number;
  baseline?: { file: string; leftOut: number };
}

export const DEFAULT_MAX_ROWS = 50;

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
const MARK: Record<FindingSeverity, string> = { error: '✗ error', warning: '⚠ warning', information: 'ℹ note', hint: '· hint' };
/** Within one severity, the verdict first, then what qualifies it. */
const CODE_ORDER = ['integrity-mismatch', 'rejected', 'advisory', 'security-level', 'conditional', 'retained-warning', 'lookup-failed', 'uncertified', 'unresolved', 'partial-analysis', 'registry-unavailable', 'skipped'];

interface Row {
  manifest: ManifestResult;
  dep: CheckedDependency;
  finding: Finding;
  /** A tree package (docs/tree.md): the manifest line of the direct dependency that brings it in, and the path. */
  tree?: { line: number | undefined; via: string[] | undefined; lockfile: string };
}

function compareRows(a: Row, b: Row): number {
  return (
    RANK[a.finding.severity] - RANK[b.finding.severity] ||
    CODE_ORDER.indexOf(a.finding.code) - CODE_ORDER.indexOf(b.finding.code) ||
    a.manifest.path.localeCompare(b.manifest.path) ||
    Number(a.tree !== undefined) - Number(b.tree !== undefined) ||
    lineOf(a) - lineOf(b)
  );
}

function lineOf(r: Row): number {
  return r.tree ? (r.tree.line ?? -1) : r.dep.dependency.range.start.line;
}

function where(r: Row): string {
  if (r.tree) {
    const at = r.tree.line === undefined ? `${r.tree.lockfile}:${r.dep.dependency.range.start.line + 1}` : `${r.manifest.path}:${r.tree.line + 1}`;
    return `${escapeMarkdown(at)} (${r.tree.via ? escapeMarkdown(`via ${r.tree.via.join(' → ')}`) : 'lockfile'})`;
  }
  const from = r.dep.resolution.resolvedFrom;
  return `${escapeMarkdown(`${r.manifest.path}:${r.dep.dependency.range.start.line + 1}`)}${from ? ` (${from})` : ''}`;
}

/** The message without the "name version: " subject the Package and Version columns already show. */
function detail(f: Finding): string {
  return f.message.replace(/^[^:]*: /, '');
}

function tableRow(r: Row): string {
  const link = r.finding.href ? safeLink(r.finding.code === 'advisory' ? 'advisory' : 'certificate', r.finding.href) : '';
  const cells = [
    MARK[r.finding.severity],
    `\`${r.dep.dependency.normalizedName.replace(/[`|\u0000-\u001f]/g, '')}\``,
    escapeMarkdown(r.dep.resolution.version ?? '-'),
    where(r),
    `**${r.finding.code}** ${escapeMarkdown(detail(r.finding), 200)}`,
    link,
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Findings on packages below the direct dependencies, placed on the line of the direct dependency that brings each in. */
function treeRows(manifest: ManifestResult): Row[] {
  const tree = manifest.tree;
  if (!tree) return [];
  return tree.packages.flatMap((dep) => {
    if (dep.suppression?.state === 'active') return [];
    const via = dep.via[0];
    const direct = via === undefined ? undefined : manifest.check.dependencies.find((d) => d.dependency.name === via[0]);
    const info = { line: direct?.dependency.range.start.line, via, lockfile: tree.lockfile };
    return dep.findings.filter((f) => f.code !== 'skipped').map((finding) => ({ manifest, dep, finding, tree: info }));
  });
}

export function markdownReport(results: ManifestResult[], opts: MarkdownOptions = {}): string {
  const maxRows = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const rows: Row[] = results
    .flatMap((manifest) => [
      ...manifest.check.dependencies.flatMap((dep) => (dep.suppression?.state === 'active' ? [] : dep.findings.filter((f) => f.code !== 'skipped').map((finding) => ({ manifest, dep, finding })))),
      ...treeRows(manifest),
    ])
    .sort(compareRows);
  const s = summarize(results);
  const withTree = results.some((r) => r.tree);
  const below = withTree ? ` and ${treeSummary(results).packages} packages below them` : '';
  const errors = rows.filter((r) => r.finding.severity === 'error').length;
  // A lockfile that could not be read is a warning of its own (docs/language-server.md, "Documents and lockfiles"), outside the table.
  const warnings = rows.filter((r) => r.finding.severity === 'warning').length + results.filter((r) => r.check.lockfileProblem !== undefined).length;
  const headline = errors > 0 ? '✗' : warnings > 0 ? '⚠' : '✓';
  const out = [
    `### ${headline} SIGMA Package Trust: ${counted(errors, 'error')}, ${counted(warnings, 'warning')} in ${counted(s.dependencies, 'dependency', 'dependencies')}${below}`,
    '',
    `${s.approved} approved, ${s.conditional} conditional, ${s.rejected} rejected, ${s.uncertified} uncertified, ${s.unresolved} unresolved, ${s.skipped} skipped, ${counted(s.errors, 'lookup error')}` +
      (opts.baseline ? ` · ${counted(opts.baseline.leftOut, 'finding')} left out: already in the baseline` : ''),
  ];
  const parseErrors = results.flatMap((r) => [
    ...(r.check.lockfileProblem !== undefined ? [`- ${escapeMarkdown(r.path)}: lockfile-unreadable — ${escapeMarkdown(r.check.lockfileProblem, 300)}`] : []),
    ...r.check.parsed.errors.map((e) => `- ${escapeMarkdown(`${r.path}:${e.range.start.line + 1}`)}: ${escapeMarkdown(e.message, 200)}`),
  ]);
  if (parseErrors.length > 0) out.push('', '**Manifest problems**', '', ...parseErrors.slice(0, 10), ...(parseErrors.length > 10 ? [`- … and ${parseErrors.length - 10} more`] : []));
  if (rows.length === 0) {
    out.push('', 'No findings.');
  } else {
    out.push('', '| | Package | Version | Where | Finding | Link |', '|---|---|---|---|---|---|', ...rows.slice(0, maxRows).map(tableRow));
    if (rows.length > maxRows) out.push('', `… and ${rows.length - maxRows} more`);
  }
  return `${out.join('\n')}\n`;
}
