/**
 * How each dependency status looks everywhere in the client: the same words and symbols as the
 * server's inline status (statusLabel.ts), plus a codicon and a theme colour id for the tree view.
 * Pure data, so the status bar text and the tree can be tested without VS Code.
 */
import type { DependencyStatus } from '../../../shared/src/protocol';

export interface StatusLook {
  /** The word the inline status uses. */
  word: string;
  /** The symbol the inline status starts with. */
  symbol: string;
  /** Codicon id (ThemeIcon). */
  icon: string;
  /** Theme colour id (ThemeColor), chosen among those every theme defines. */
  color: string;
}

export const STATUS_LOOK: Readonly<Record<DependencyStatus, StatusLook>> = {
  rejected: { word: 'rejected', symbol: '✗', icon: 'error', color: 'errorForeground' },
  error: { word: 'lookup failed', symbol: '⚠', icon: 'warning', color: 'problemsWarningIcon.foreground' },
  conditional: { word: 'conditional', symbol: '⚠', icon: 'warning', color: 'problemsWarningIcon.foreground' },
  uncertified: { word: 'uncertified', symbol: '?', icon: 'question', color: 'problemsInfoIcon.foreground' },
  unresolved: { word: 'unresolved', symbol: '?', icon: 'circle-slash', color: 'disabledForeground' },
  approved: { word: 'approved', symbol: '✓', icon: 'pass', color: 'testing.iconPassed' },
  skipped: { word: 'skipped', symbol: '–', icon: 'dash', color: 'disabledForeground' },
};

/** A group heading: "Rejected". */
export function statusHeading(status: DependencyStatus): string {
  const word = STATUS_LOOK[status].word;
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The look of one entry: like the inline status, an approved version with advisories shows ⚠. */
export function entryLook(status: DependencyStatus, advisoryCount: number): StatusLook {
  if (status === 'approved' && advisoryCount > 0) return { ...STATUS_LOOK.approved, symbol: '⚠', icon: 'warning', color: 'problemsWarningIcon.foreground' };
  return STATUS_LOOK[status];
}
