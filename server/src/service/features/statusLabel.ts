/** Short status words shared by inlay hints, the CLI table and the summary (words from shared/src/statusWords.ts). */
import { ADVISORY_SYMBOL, OFFLINE_WORD, STATUS_WORDS } from '../../../../shared/src/statusWords';
import type { CheckedDependency } from '../model';
import { isLookupFailure } from './completeness';
import { activeAdvisories } from './findings';
import { stripControl } from './terminalText';

const label = (status: keyof typeof STATUS_WORDS): string => `${STATUS_WORDS[status].symbol} ${STATUS_WORDS[status].word}`;
const counted = (n: number): string => `${n} ${n === 1 ? 'advisory' : 'advisories'}`;

export function shortStatus(entry: CheckedDependency): string {
  if (entry.pending) return '… checking';
  const advisories = activeAdvisories(entry.facts).length;
  // A failed advisory lookup is not "no advisories": never let such a version read as clean.
  const unknown = entry.facts?.advisoriesUnknown !== undefined ? ', advisories unknown' : '';
  const suffix = `${unknown}${entry.facts?.freshness === 'stale' ? ' (stale)' : ''}`;
  const { approved, conditional, uncertified } = STATUS_WORDS;
  const failed = STATUS_WORDS.error.symbol;
  switch (entry.status) {
    case 'approved':
      if (advisories > 0) return `${ADVISORY_SYMBOL} ${approved.word}, ${counted(advisories)}${suffix}`;
      return unknown ? `${ADVISORY_SYMBOL} ${approved.word}${suffix}` : `${label('approved')}${suffix}`;
    case 'rejected':
      return `${label('rejected')}${suffix}`;
    case 'conditional':
      return `${conditional.symbol} ${stripControl(entry.facts?.certificate?.councilVerdict.toLowerCase() ?? conditional.word)}${suffix}`;
    case 'uncertified':
      return advisories > 0 ? `${uncertified.symbol} ${uncertified.word}, ${counted(advisories)}${suffix}` : `${label('uncertified')}${suffix}`;
    case 'error':
      return entry.facts?.networkFailure ? `${failed} ${OFFLINE_WORD}` : label('error');
    case 'unresolved': {
      // A version lookup that failed is a failure to show, not an "unresolved and fine".
      const cause = entry.resolution.cause;
      if (cause === 'network') return `${failed} ${OFFLINE_WORD}`;
      if (cause === 'offline-miss') return `${failed} not in cache`;
      return isLookupFailure(cause) ? label('error') : label('unresolved');
    }
    case 'skipped':
      return label('skipped');
  }
}
