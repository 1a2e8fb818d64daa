/**
 * The text report: one table per manifest, readable at a glance, colour only when the terminal
 * supports it, and one summary line.
 */
import { stripControl } from '../../service/features/terminalText';
import type { CheckedDependency } from '../../service/model';
import type { ManifestResult } from './reportModel';
import { summarize } from './reportModel';
import { statusCell, type Tone } from './statusCell';
import { counted } from './counted';
import { countsText, treeSection } from './treeText';
import { treeSummary } from './treeJson';

export interface Style {
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOR: Style = { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
export const PLAIN: Style = { red: (s) => s, yellow: (s) => s, green: (s) => s, dim: (s) => s, bold: (s) => s };

export interface TextOptions {
  style: Style;
  /** Cut long cells and messages to fit a terminal; off a terminal every line is whole. */
  truncate: boolean;
  offline: boolean;
  /** Set with `--baseline`: how many findings were left out, and whether a row's status is in it. */
  baseline?: { file: string; leftOut: number; statusInBaseline: (d: CheckedDependency) => boolean };
}

/** Terminal text must not carry control characters from the network (escape sequences could rewrite the screen). */
const clean = stripControl;

function toneOf(tone: Tone, style: Style): (s: string) => string {
  return style[tone];
}

function pad(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + ' '.repeat(width - len);
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

export function textReport(results: ManifestResult[], opts: TextOptions): string {
  const { style } = opts;
  const cut = (s: string, width: number): string => (opts.truncate ? truncate(s, width) : s);
  const out: string[] = [];
  for (const r of results) {
    out.push(style.bold(clean(r.path)) + style.dim(` (${r.kind}, ${r.check.dependencies.length} dependencies)`));
    for (const e of r.check.parsed.errors) out.push(`  ${style.red('parse error')} line ${e.range.start.line + 1}: ${clean(e.message)}`);
    if (r.check.lockfileProblem !== undefined) out.push(`  ${style.yellow('⚠')} ${style.dim('lockfile-unreadable')} ${clean(r.check.lockfileProblem)}`);
    if (r.check.networkProblem) out.push(`  ${style.yellow('!')} ${clean(r.check.networkProblem)}`);
    const statuses = r.check.dependencies.map((d) => statusCell(d, { offline: opts.offline, inBaseline: opts.baseline?.statusInBaseline(d) }));
    const rows = r.check.dependencies.map((d, i) => [clean(d.dependency.normalizedName), clean(d.resolution.version ?? '-'), d.resolution.resolvedFrom ?? '', clean(statuses[i].text)]);
    const header = ['PACKAGE', 'VERSION', 'FROM', 'STATUS'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((x) => [...cut(x[i], 40)].length)));
    out.push('  ' + style.dim(header.map((h, i) => pad(h, widths[i])).join('  ')));
    r.check.dependencies.forEach((d, idx) => {
      const cells = rows[idx].map((c, i) => pad(cut(c, 40), widths[i]));
      cells[3] = toneOf(statuses[idx].tone, style)(cells[3]);
      out.push(('  ' + cells.join('  ')).trimEnd());
      for (const f of d.findings) {
        if (f.code === 'skipped') continue;
        const mark = f.severity === 'error' ? style.red('✗') : f.severity === 'warning' ? style.yellow('⚠') : style.dim('·');
        out.push(`      ${mark} ${style.dim(f.code)} ${cut(clean(f.message), 160)}`);
      }
    });
    if (r.tree) out.push(...treeSection(r.tree, style, clean, cut, (d) => statusCell(d, { offline: opts.offline })));
    out.push('');
  }
  const s = summarize(results);
  const parts = [
    counted(s.dependencies, 'dependency', 'dependencies'),
    style.green(`${s.approved} approved`),
    (s.conditional ? style.yellow : (x: string) => x)(`${s.conditional} conditional`),
    (s.rejected ? style.red : (x: string) => x)(`${s.rejected} rejected`),
    (s.uncertified ? style.yellow : (x: string) => x)(`${s.uncertified} uncertified`),
    `${s.unresolved} unresolved`,
    `${s.skipped} skipped`,
    (s.errors ? style.red : (x: string) => x)(counted(s.errors, 'error')),
  ];
  // The tree's line comes before the summary line, which stays the report's last line.
  const below = results.some((r) => r.tree) ? treeSummary(results) : undefined;
  if (below && below.packages > 0) out.push(`below the direct dependencies: ${countsText(below)}`);
  out.push(parts.join(', '));
  if (opts.baseline) out.push(`${counted(opts.baseline.leftOut, 'finding')} left out: already in the baseline ${clean(opts.baseline.file)}`);
  return out.join('\n') + '\n';
}
