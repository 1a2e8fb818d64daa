/** Inlay hints: a short status after each dependency, with the resolved version when it differs from the text. */
import { InlayHint, InlayHintKind, type Range } from 'vscode-languageserver-types';
import type { ManifestCheck } from '../checker';
import type { CheckedDependency } from '../model';
import { shortStatus } from './statusLabel';
import { rangesOverlap } from './ranges';


/** `suffix`: what follows the status, e.g. the subtree's counts (features/transitive.ts). */
export function toInlayHints(check: ManifestCheck, visible: Range, suffix: (entry: CheckedDependency) => string = () => ''): InlayHint[] {
  const hints: InlayHint[] = [];
  for (const entry of check.dependencies) {
    if (!rangesOverlap(entry.dependency.range, visible) || entry.status === 'skipped') continue;
    const version = entry.resolution.version && entry.resolution.resolvedFrom !== 'exact' ? `${entry.resolution.version} ` : '';
    const hint = InlayHint.create(entry.dependency.range.end, `${version}${shortStatus(entry)}${entry.pending ? '' : suffix(entry)}`, InlayHintKind.Type);
    hint.paddingLeft = true;
    hints.push(hint);
  }
  return hints;
}
