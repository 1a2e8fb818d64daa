/** Short status words shared by inlay hints, the CLI table and the summary. */
import type { CheckedDependency } from '../model';
import { activeAdvisories } from './findings';

export function shortStatus(entry: CheckedDependency): string {
  if (entry.pending) return '… checking';
  const advisories = activeAdvisories(entry.facts).length;
  const stale = entry.facts?.freshness === 'stale' ? ' (stale)' : '';
  switch (entry.status) {
    case 'approved':
      return advisories > 0 ? `⚠ approved, ${advisories} ${advisories === 1 ? 'advisory' : 'advisories'}${stale}` : `✓ approved${stale}`;
    case 'rejected':
      return `✗ rejected${stale}`;
    case 'conditional':
      return `⚠ ${entry.facts?.certificate?.councilVerdict.toLowerCase() ?? 'conditional'}${stale}`;
    case 'uncertified':
      return advisories > 0 ? `? uncertified, ${advisories} ${advisories === 1 ? 'advisory' : 'advisories'}${stale}` : `? uncertified${stale}`;
    case 'error':
      return entry.facts?.networkFailure ? '⚠ offline' : '⚠ lookup failed';
    case 'unresolved':
      return '? unresolved';
    case 'skipped':
      return '– skipped';
  }
}
