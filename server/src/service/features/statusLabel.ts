/** Short status words shared by inlay hints, the CLI table and the summary (words from shared/src/statusWords.ts). */
import { ADVISORY_SYMBOL, NOT_LOOKED_UP_WORDS, OFFLINE_WORD, STATUS_WORDS } from '../../../../shared/src/statusWords';
import type { CheckedDependency, FindingSeverity } from '../model';
import { isLookupFailure } from '../stages/completeness';
import { advisoryCount } from '../stages/findings';
import { stripControl } from './terminalText';

const counted = (n: number): string => `${n} ${n === 1 ? 'advisory' : 'advisories'}`;

const RANK: Record<FindingSeverity, number> = { hint: 0, information: 1, warning: 2, error: 3 };

/** The worst severity among the findings that count (an active suppression silences them all). */
export function worstSeverity(entry: CheckedDependency): FindingSeverity | undefined {
  if (entry.suppression?.state === 'active') return undefined;
  let worst: FindingSeverity | undefined;
  for (const finding of entry.findings) {
    if (finding.code === 'skipped') continue;
    if (worst === undefined || RANK[finding.severity] > RANK[worst]) worst = finding.severity;
  }
  return worst;
}

/** A lookup that failed (SIGMA's answer, or the version lookup before it). */
function lookupFailed(entry: CheckedDependency): boolean {
  return entry.status === 'error' || (entry.status === 'unresolved' && isLookupFailure(entry.resolution.cause));
}

/**
 * The mark a status leads with, from the worst finding as well as the verdict: `✓` only ever means
 * approved and clean, so "✓ approved" never sits next to a finding that warns or fails the gate.
 */
export function statusMark(entry: CheckedDependency): string {
  const worst = worstSeverity(entry);
  if (entry.status === 'skipped') return STATUS_WORDS.skipped.symbol;
  if (entry.status === 'rejected' || worst === 'error') return STATUS_WORDS.rejected.symbol;
  if (lookupFailed(entry) || worst === 'warning' || entry.status === 'conditional') return ADVISORY_SYMBOL;
  // Advisories whose rows never came are unknown, not clean.
  if (entry.facts?.advisoriesUnknown !== undefined) return ADVISORY_SYMBOL;
  if (entry.status === 'uncertified' || entry.status === 'unresolved') return STATUS_WORDS.uncertified.symbol;
  return advisoryCount(entry.facts) > 0 ? ADVISORY_SYMBOL : STATUS_WORDS.approved.symbol;
}

/** The status in words, without its mark: the verdict, then what qualifies it. */
export function statusWords(entry: CheckedDependency): string {
  const advisories = advisoryCount(entry.facts);
  // A failed advisory lookup is not "no advisories": never let such a version read as clean.
  const unknown = entry.facts?.advisoriesUnknown !== undefined ? ', advisories unknown' : '';
  const suffix = `${unknown}${entry.facts?.freshness === 'stale' ? ' (stale)' : ''}`;
  const { approved, conditional, uncertified } = STATUS_WORDS;
  switch (entry.status) {
    case 'approved':
      return `${approved.word}${advisories > 0 ? `, ${counted(advisories)}` : ''}${suffix}`;
    case 'rejected':
      return `${STATUS_WORDS.rejected.word}${suffix}`;
    case 'conditional':
      return `${stripControl(entry.facts?.certificate?.councilVerdict.toLowerCase() ?? conditional.word)}${suffix}`;
    case 'uncertified':
      return `${uncertified.word}${advisories > 0 ? `, ${counted(advisories)}` : ''}${suffix}`;
    case 'error':
      return entry.facts?.networkFailure ? OFFLINE_WORD : STATUS_WORDS.error.word;
    case 'unresolved': {
      // A version lookup that failed is a failure to show, not an "unresolved and fine".
      const cause = entry.resolution.cause;
      if (cause === 'network') return OFFLINE_WORD;
      if (cause === 'offline-miss') return 'not in cache';
      if (cause === 'refused') return NOT_LOOKED_UP_WORDS;
      return isLookupFailure(cause) ? STATUS_WORDS.error.word : STATUS_WORDS.unresolved.word;
    }
    case 'skipped':
      return STATUS_WORDS.skipped.word;
  }
}

/** The short status of inlay hints and the hover's title line: mark and words. */
export function shortStatus(entry: CheckedDependency): string {
  if (entry.pending) return '… checking';
  return `${statusMark(entry)} ${statusWords(entry)}`;
}
