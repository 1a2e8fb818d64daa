/**
 * Registry data for "SIGMA counted advisories but sent no rows" (docs/security.md, threat table): three
 * approved npm versions whose certificates say `registryAdvisoryCount` > 0 with `registryAdvisories: []`.
 * - counted-verify: the verify payload carries the two rows.
 * - counted-only: the verify payload has no rows either (only the count and highest severity).
 * - counted-verify-fails: the test makes its verify call fail (a fault), so only the count is known.
 */
import { certificateKey, type RegistryData } from '../registry/data';
import { certificate, dataWith } from './testData';

export const COUNTED_MANIFEST = '{ "dependencies": { "counted-verify": "1.0.0", "counted-only": "1.0.0", "counted-verify-fails": "1.0.0" } }';

export function advisoryCountData(): RegistryData {
  const empty = { registryAdvisories: [], registryAdvisorySummary: null };
  const data = dataWith(
    certificate('npm', 'counted-verify', '1.0.0', { ...empty, registryAdvisoryCount: 2, registryAdvisoryHighestSeverity: 'high' }),
    certificate('npm', 'counted-only', '1.0.0', { ...empty, registryAdvisoryCount: 3, registryAdvisoryHighestSeverity: 'critical' }),
    certificate('npm', 'counted-verify-fails', '1.0.0', { ...empty, registryAdvisoryCount: 1, registryAdvisoryHighestSeverity: 'moderate' }),
  );
  data.verifyExtras[certificateKey('npm', 'counted-verify', '1.0.0')] = {
    registryAdvisoryCount: 2,
    registryAdvisoryHighestSeverity: 'high',
    registryAdvisories: [
      { id: 'GHSA-cnt1-0001-0001', severity: 'high', title: 'Prototype pollution', url: 'https://github.com/advisories/GHSA-cnt1-0001-0001' },
      { id: 'GHSA-cnt1-0002-0002', severity: 'low', title: 'Verbose error page', url: 'https://github.com/advisories/GHSA-cnt1-0002-0002' },
    ],
  };
  data.verifyExtras[certificateKey('npm', 'counted-only', '1.0.0')] = { registryAdvisoryCount: 3, registryAdvisoryHighestSeverity: 'critical', registryAdvisories: [] };
  return data;
}
