/**
 * The word and symbol of each dependency status, the same everywhere: inlay hints, hover, CLI table
 * (server/src/service/features/statusLabel.ts) and the extension's tree, status bar and groups
 * (client/src/view/statusLook.ts).
 */
import type { DependencyStatus } from './protocol';

export interface StatusWord {
  /** The word the inline status uses. */
  readonly word: string;
  /** The symbol the inline status starts with. */
  readonly symbol: string;
}

export const STATUS_WORDS: Readonly<Record<DependencyStatus, StatusWord>> = {
  rejected: { word: 'rejected', symbol: '✗' },
  error: { word: 'lookup failed', symbol: '⚠' },
  conditional: { word: 'conditional', symbol: '⚠' },
  uncertified: { word: 'uncertified', symbol: '?' },
  unresolved: { word: 'unresolved', symbol: '?' },
  approved: { word: 'approved', symbol: '✓' },
  skipped: { word: 'skipped', symbol: '–' },
};

/** The symbol of an approved or uncertified version that has advisories. */
export const ADVISORY_SYMBOL = '⚠';
/** The word of a lookup that failed because the network did. */
export const OFFLINE_WORD = 'offline';
/**
 * The words of a package whose index the user has not allowed (docs/security.md): nothing failed,
 * nothing was asked — "lookup failed" would send the user looking for a network problem.
 */
export const NOT_LOOKED_UP_WORDS = 'not looked up';
