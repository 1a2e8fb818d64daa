/**
 * How each dependency status looks everywhere in the client: the words and symbols of the inline
 * status (shared/src/statusWords.ts), plus a codicon and a theme colour id for the tree view.
 * Pure data, so the status bar text and the tree can be tested without VS Code.
 */
import type { DependencyStatus } from '../../../shared/src/protocol';
import { ADVISORY_SYMBOL, STATUS_WORDS, type StatusWord } from '../../../shared/src/statusWords';

export interface StatusLook extends StatusWord {
  /** Codicon id (ThemeIcon). */
  icon: string;
  /** Theme colour id (ThemeColor), chosen among those every theme defines. */
  color: string;
}

export const STATUS_LOOK: Readonly<Record<DependencyStatus, StatusLook>> = {
  rejected: { ...STATUS_WORDS.rejected, icon: 'error', color: 'errorForeground' },
  error: { ...STATUS_WORDS.error, icon: 'warning', color: 'problemsWarningIcon.foreground' },
  conditional: { ...STATUS_WORDS.conditional, icon: 'warning', color: 'problemsWarningIcon.foreground' },
  uncertified: { ...STATUS_WORDS.uncertified, icon: 'question', color: 'problemsInfoIcon.foreground' },
  unresolved: { ...STATUS_WORDS.unresolved, icon: 'circle-slash', color: 'disabledForeground' },
  approved: { ...STATUS_WORDS.approved, icon: 'pass', color: 'testing.iconPassed' },
  skipped: { ...STATUS_WORDS.skipped, icon: 'dash', color: 'disabledForeground' },
};

/** A group heading: "Rejected". */
export function statusHeading(status: DependencyStatus): string {
  const word = STATUS_LOOK[status].word;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The look of one entry: like the inline status, an approved version with advisories shows ⚠. */
export function entryLook(status: DependencyStatus, advisoryCount: number): StatusLook {
  if (status === 'approved' && advisoryCount > 0) return { ...STATUS_LOOK.approved, symbol: ADVISORY_SYMBOL, icon: 'warning', color: 'problemsWarningIcon.foreground' };
  return STATUS_LOOK[status];
}
