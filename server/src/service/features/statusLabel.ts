/** Short status words shared by inlay hints, the CLI table and the summary (words from shared/src/statusWords.ts). */
import { ADVISORY_SYMBOL, OFFLINE_WORD, STATUS_WORDS } from '../../../../shared/src/statusWords';
import type { CheckedDependency } from '../model';
import { activeAdvisories } from './findings';

const label = (status: keyof typeof STATUS_WORDS): string => `${STATUS_WORDS[status].symbol} ${STATUS_WORDS[status].word}`;
const counted = (n: number): string => `${n} ${n === 1 ? 'advisory' : 'advisories'}`;

export function shortStatus(entry: CheckedDependency): string {
  if (entry.pending) return '… checking';
  const advisories = activeAdvisories(entry.facts).length;
  const stale = entry.facts?.freshness === 'stale' ? ' (stale)' : '';
  const { approved, conditional, uncertified } = STATUS_WORDS;
  switch (entry.status) {
    case 'approved':
      return advisories > 0 ? `${ADVISORY_SYMBOL} ${approved.word}, ${counted(advisories)}${stale}` : `${label('approved')}${stale}`;
    case 'rejected':
      return `${label('rejected')}${stale}`;
    case 'conditional':
      return `${conditional.symbol} ${entry.facts?.certificate?.councilVerdict.toLowerCase() ?? conditional.word}${stale}`;
    case 'uncertified':
      return advisories > 0 ? `${uncertified.symbol} ${uncertified.word}, ${counted(advisories)}${stale}` : `${label('uncertified')}${stale}`;
    case 'error':
      return entry.facts?.networkFailure ? `${STATUS_WORDS.error.symbol} ${OFFLINE_WORD}` : label('error');
    case 'unresolved':
      return label('unresolved');
    case 'skipped':
      return label('skipped');
  }
}
