/**
 * The text report: one table per manifest, readable at a glance, colour only when the terminal
 * supports it, and one summary line.
 */
import { shortStatus } from '../../service/features/statusLabel';
import { stripControl } from '../../service/features/terminalText';
import type { CheckedDependency, TrustStatus } from '../../service/model';
import type { ManifestResult } from './reportModel';
import { summarize } from './reportModel';

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

function colourFor(status: TrustStatus, style: Style): (s: string) => string {
  switch (status) {
    case 'rejected':
    case 'error':
      return style.red;
    case 'conditional':
    case 'uncertified':
    case 'unresolved':
      return style.yellow;
    case 'approved':
      return style.green;
    case 'skipped':
      return style.dim;
  }
}

/** Terminal text must not carry control characters from the network (escape sequences could rewrite the screen). */
const clean = stripControl;

function pad(s: string, width: number): string {
  const len = [...s].length;
  return len >= width ? s : s + ' '.repeat(width - len);
}

function truncate(s: string, width: number): string {
  const chars = [...s];
  return chars.length <= width ? s : `${chars.slice(0, width - 1).join('')}…`;
}

function row(d: CheckedDependency): string[] {
  const from = d.resolution.resolvedFrom ?? '';
  return [clean(d.dependency.normalizedName), clean(d.resolution.version ?? '-'), from, clean(shortStatus(d))];
}

export function textReport(results: ManifestResult[], style: Style): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(style.bold(clean(r.path)) + style.dim(` (${r.kind}, ${r.check.dependencies.length} dependencies)`));
    for (const e of r.check.parsed.errors) out.push(`  ${style.red('parse error')} line ${e.range.start.line + 1}: ${clean(e.message)}`);
    if (r.check.networkProblem) out.push(`  ${style.yellow('!')} ${clean(r.check.networkProblem)}`);
    const rows = r.check.dependencies.map(row);
    const header = ['PACKAGE', 'VERSION', 'FROM', 'STATUS'];
    const widths = header.map((h, i) => Math.min(40, Math.max(h.length, ...rows.map((x) => [...x[i]].length))));
    out.push('  ' + style.dim(header.map((h, i) => pad(h, widths[i])).join('  ')));
    r.check.dependencies.forEach((d, idx) => {
      const cells = rows[idx].map((c, i) => pad(truncate(c, widths[i]), widths[i]));
      cells[3] = colourFor(d.status, style)(cells[3]);
      out.push('  ' + cells.join('  '));
      for (const f of d.findings) {
        if (f.code === 'skipped') continue;
        const mark = f.severity === 'error' ? style.red('✗') : f.severity === 'warning' ? style.yellow('⚠') : style.dim('·');
        out.push(`      ${mark} ${style.dim(f.code)} ${truncate(clean(f.message), 160)}`);
      }
    });
    out.push('');
  }
  const s = summarize(results);
  const parts = [
    `${s.dependencies} dependencies`,
    style.green(`${s.approved} approved`),
    (s.conditional ? style.yellow : (x: string) => x)(`${s.conditional} conditional`),
    (s.rejected ? style.red : (x: string) => x)(`${s.rejected} rejected`),
    (s.uncertified ? style.yellow : (x: string) => x)(`${s.uncertified} uncertified`),
    `${s.unresolved} unresolved`,
    `${s.skipped} skipped`,
    (s.errors ? style.red : (x: string) => x)(`${s.errors} errors`),
  ];
  out.push(parts.join(', '));
  return out.join('\n') + '\n';
}
