/** Small builders for registry data in tests, so each test states exactly what the registry knows. */
import { certificateKey, emptyRegistryData, type Certificate, type RegistryData } from '../registry/data';

export function certificate(registry: 'npm' | 'pypi', name: string, version: string, extra: Record<string, unknown> = {}): Certificate {
  return {
    registrySource: registry,
    packageName: name,
    packageVersion: version,
    distributionSha256: 'a'.repeat(64),
    councilVerdict: 'APPROVED',
    securityLevel: 'CLEAR',
    retainedWarnings: [],
    analysisType: 'FULL',
    certifiedAt: '2026-04-15T10:23:41.000Z',
    certificateId: `pkg_${name.replace(/[^a-z0-9]/gi, '')}_${version.replace(/\W/g, '')}`,
    registryAdvisoryCount: 0,
    registryAdvisoryHighestSeverity: null,
    registryAdvisorySummary: 'No known registry security advisories were listed for this exact package version at certification time.',
    registryAdvisories: [],
    ...extra,
  };
}

export function dataWith(...certs: Certificate[]): RegistryData {
  const data = emptyRegistryData();
  for (const c of certs) data.certificates[certificateKey(c.registrySource, c.packageName, c.packageVersion)] = c;
  return data;
}
