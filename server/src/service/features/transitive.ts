/**
 * What a direct dependency brings in, shown on its own line (docs/tree.md, "In the editor"): the
 * `transitive` diagnostic naming the worst packages below it with their paths, the inline
 * `· 55/57 below` suffix, and the hover's "Brings in" section.
 */
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver-types';
import type { CheckedDependency, FindingSeverity } from '../model';
import { countStatuses, needsAttention, type ManifestTree, type Subtree, type TreePackage } from '../tree/treeCheck';
import { worstFirst } from '../tree/worstFirst';
import { escapeMarkdown as esc } from './markdown';
import { stripControl } from './terminalText';
import { NOT_LOOKED_UP_WORDS } from '../../../../shared/src/statusWords';

export const TRANSITIVE_CODE = 'transitive';

/** How many packages the diagnostic's message names before "and N more" (its related information lists them all). */
const MESSAGE_NAMES = 3;
/** How many packages the hover lists before "… N more". */
const HOVER_ROWS = 10;

const RANK: Readonly<Record<FindingSeverity, number>> = { error: 0, warning: 1, information: 2, hint: 3 };
const SEVERITY: Readonly<Record<FindingSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function isTreePackage(entry: CheckedDependency): entry is TreePackage {
  return 'lockfileRange' in entry;
}

/** The worst severity among an entry's findings (a failed lookup without a finding counts as a warning). */
function worstSeverity(entry: CheckedDependency): FindingSeverity {
  let worst: FindingSeverity = entry.status === 'error' || entry.status === 'unresolved' ? 'warning' : 'information';
  for (const f of entry.findings) if (RANK[f.severity] < RANK[worst]) worst = f.severity;
  return worst;
}

/** `rejected`, `uncertified`, or for an approved version its worst finding's code (`integrity-mismatch`, `advisory`). */
export function problemLabel(entry: CheckedDependency): string {
  if (entry.status === 'error') return 'lookup failed';
  // A package whose index the user has not allowed was never asked about (docs/security.md).
  if (entry.status === 'unresolved' && entry.resolution.cause === 'refused') return NOT_LOOKED_UP_WORDS;
  if (entry.status !== 'approved') return entry.status;
  const worst = [...entry.findings].sort((a, b) => RANK[a.severity] - RANK[b.severity])[0];
  return worst ? worst.code : 'approved';
}

/** Names and versions come from a lockfile or a manifest: data, never control characters in the editor's text. */
function subject(entry: CheckedDependency): string {
  return stripControl(`${entry.dependency.normalizedName} ${entry.resolution.version ?? ''}`.trim());
}

function via(paths: string[][]): string {
  return paths[0] ? stripControl(paths[0].join(' → ')) : '';
}

function problems(subtree: Subtree): Subtree['entries'] {
  return worstFirst(
    subtree.entries.filter((e) => needsAttention(e.entry)),
    (e) => e.entry,
  );
}

/**
 * One `transitive` diagnostic per direct dependency whose subtree holds a package that needs
 * attention; related information points at each such package's lockfile entry (or, for a package that
 * is itself a direct dependency, at its line in the manifest).
 */
export function transitiveDiagnostics(check: { uri: string; dependencies: CheckedDependency[] }, tree: ManifestTree | undefined, subtreeFor: (entry: CheckedDependency) => Subtree | undefined): Diagnostic[] {
  if (!tree) return [];
  const out: Diagnostic[] = [];
  for (const direct of check.dependencies) {
    // A suppression of the direct dependency hides its own findings, not what it brings in: each tree
    // package has its own `sigma.ignore` entry if the user wants it quiet.
    if (direct.pending) continue;
    const subtree = subtreeFor(direct);
    if (!subtree) continue;
    const list = problems(subtree);
    if (list.length === 0) continue;
    let worst: FindingSeverity = 'hint';
    for (const { entry } of list) if (RANK[worstSeverity(entry)] < RANK[worst]) worst = worstSeverity(entry);
    const named = list.slice(0, MESSAGE_NAMES).map(({ entry, paths }) => `${subject(entry)} ${problemLabel(entry)}${paths[0] ? ` (via ${via(paths)})` : ''}`);
    const more = list.length > MESSAGE_NAMES ? `, and ${list.length - MESSAGE_NAMES} more` : '';
    // docs/tree.md's wording when every package named is not approved; "and clean" when an approved one is there for a finding.
    const what = list.every(({ entry }) => entry.status !== 'approved') ? 'not approved' : 'not approved and clean';
    const count = list.length === 1 ? `1 package that is ${what}` : `${list.length} packages that are ${what}`;
    const relatedInformation: DiagnosticRelatedInformation[] = list.map(({ entry, paths }) => ({
      location: isTreePackage(entry) ? { uri: tree.lockfile, range: entry.lockfileRange } : { uri: check.uri, range: entry.dependency.range },
      message: `${subject(entry)} ${problemLabel(entry)}${paths[0] ? ` (via ${via(paths)})` : ''}`,
    }));
    out.push({
      range: direct.dependency.range,
      severity: SEVERITY[worst],
      source: 'sigma',
      code: TRANSITIVE_CODE,
      message: `${subject(direct)} brings in ${count}: ${named.join(', ')}${more}`,
      relatedInformation,
    });
  }
  return out;
}

/** The inline suffix after a direct dependency's own status: `· 1 ✗ below` when something below is rejected, else `· 55/57 below`. */
export function belowSuffix(subtree: Subtree | undefined): string {
  if (!subtree || subtree.entries.length === 0) return '';
  if (subtree.entries.some((e) => e.entry.pending)) return ' · … below';
  const counts = countStatuses(subtree.entries.map((e) => e.entry));
  if (counts.rejected > 0) return ` · ${counts.rejected} ✗ below`;
  return ` · ${counts.approved}/${counts.packages} below`;
}

/** The hover's "Brings in" section: counts by status, then the packages that need attention with their paths. */
export function broughtInMarkdown(subtree: Subtree | undefined): string {
  if (!subtree) return '';
  const total = subtree.entries.length;
  const counts = countStatuses(subtree.entries.filter((e) => !e.entry.pending).map((e) => e.entry));
  const lines = ['', '', '---', '', `**Brings in** ${total} ${total === 1 ? 'package' : 'packages'}`];
  if (total === 0) return lines.join('\n');
  const parts: string[] = [];
  for (const [key, word] of [['approved', 'approved'], ['rejected', 'rejected'], ['conditional', 'conditional'], ['uncertified', 'uncertified'], ['unresolved', 'unresolved'], ['errors', 'lookup failed']] as const) {
    if (counts[key] > 0) parts.push(`${counts[key]} ${word}`);
  }
  const pending = subtree.entries.filter((e) => e.entry.pending).length;
  if (pending > 0) parts.push(`${pending} still being checked`);
  lines[lines.length - 1] += `: ${parts.join(', ')}`;
  const list = problems(subtree);
  if (list.length > 0) lines.push('');
  for (const { entry, paths } of list.slice(0, HOVER_ROWS)) {
    lines.push(`- ${esc(subject(entry))} **${esc(problemLabel(entry))}**${paths[0] ? ` — via ${esc(via(paths))}` : ''}`);
  }
  if (list.length > HOVER_ROWS) lines.push(`- … ${list.length - HOVER_ROWS} more`);
  return lines.join('\n');
}
