/**
 * The text report's "Below the direct dependencies" section (docs/tree.md): the tree's counts, then
 * every package that needs attention, worst first, with its findings and the paths that bring it in.
 */
import type { CheckedDependency } from '../../service/model';
import { treeCounts, needsAttention, type ManifestTree, type TreeCounts } from '../../service/tree/treeCheck';
import { worstFirst } from '../../service/tree/worstFirst';
import type { StatusCell } from './statusCell';
import type { Style } from './textReport';

export function countsText(c: TreeCounts): string {
  const parts = [`${c.packages} packages`, `${c.approved} approved`];
  for (const [key, word] of [['conditional', 'conditional'], ['rejected', 'rejected'], ['uncertified', 'uncertified'], ['unresolved', 'unresolved'], ['skipped', 'skipped'], ['errors', 'errors']] as const) {
    if (c[key] > 0) parts.push(`${c[key]} ${word}`);
  }
  return parts.join(', ');
}

export function treeSection(
  tree: ManifestTree,
  style: Style,
  clean: (s: string) => string,
  truncate: (s: string, width: number) => string,
  status: (p: CheckedDependency) => StatusCell,
): string[] {
  // A workspace member the root lockfile installs nothing for: a section of zeros would only be noise.
  if (tree.packages.length === 0 && tree.skipped.length === 0) return [];
  const out: string[] = [];
  out.push(`  ${style.bold('Below the direct dependencies')} ${style.dim(`(${clean(tree.lockfile)}: ${countsText(treeCounts(tree))})`)}`);
  const problems = worstFirst(tree.packages.filter(needsAttention), (p) => p);
  for (const p of problems) {
    const cell = status(p);
    out.push(`    ${style[cell.tone](clean(cell.text))}  ${clean(p.name)} ${clean(p.version)}${p.dev ? style.dim(' (dev)') : ''}`);
    for (const f of p.findings) {
      const mark = f.severity === 'error' ? style.red('✗') : f.severity === 'warning' ? style.yellow('⚠') : style.dim('·');
      out.push(`      ${mark} ${style.dim(f.code)} ${truncate(clean(f.message), 160)}`);
    }
    if (p.via.length === 0) out.push(`      ${style.dim('via: (the lockfile records no paths)')}`);
    for (const path of p.via) out.push(`      ${style.dim('via')} ${clean(path.join(' → '))}`);
  }
  for (const s of tree.skipped) out.push(`    ${style.dim('– not checked')}  ${clean(s.name)} ${style.dim(`(${clean(s.reason)})`)}`);
  if (problems.length === 0 && tree.packages.length > 0) out.push(`    ${style.green('all approved, no findings')}`);
  return out;
}
