/** Registry and SIGMA answers for in-process tests: npm packuments, PyPI project documents, certificates. */

/** An abbreviated npm packument: `versions` maps each version to its deprecation message (or undefined). */
export function npmDoc(name: string, versions: Record<string, string | undefined>, distTags: Record<string, string>): unknown {
  const v: Record<string, unknown> = {};
  for (const [version, deprecated] of Object.entries(versions)) {
    v[version] = {
      name,
      version,
      ...(deprecated === undefined ? {} : { deprecated }),
      dist: { integrity: `sha512-${version}`, shasum: 'abc', tarball: `https://registry.example/${name}/-/${name}-${version}.tgz` },
    };
  }
  return { name, modified: '2024-01-01T00:00:00.000Z', 'dist-tags': distTags, versions: v };
}

/** A PyPI JSON API document: each release maps to its files' yanked flags. */
export function pypiDoc(name: string, releases: Record<string, boolean[]>): unknown {
  const r: Record<string, unknown> = {};
  let n = 0;
  for (const [version, files] of Object.entries(releases)) {
    r[version] = files.map((yanked) => ({ filename: `${name}-${version}.tar.gz`, yanked, digests: { sha256: (n++).toString(16).padStart(64, 'a') } }));
  }
  return { info: { name, version: '0' }, releases: r };
}

/** An example certificate (requests 2.31.0, approved), with `overrides` applied. */
export function seedCertificate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    registrySource: 'pypi',
    packageName: 'requests',
    packageVersion: '2.31.0',
    distributionSha256: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
    councilVerdict: 'APPROVED',
    securityLevel: 'CLEAR',
    retainedWarnings: [],
    analysisType: 'FULL',
    certifiedAt: '2026-04-15T10:23:41.000Z',
    certificateId: 'pkg_abc123',
    verifyEndpoint: 'https://api.soulbyte.tech/api/v1/public/packages/pypi/requests/2.31.0/verify',
    registryAdvisoryCount: 0,
    registryAdvisoryHighestSeverity: null,
    registryAdvisorySummary: 'No known registry security advisories were listed for this exact package version at certification time.',
    registryAdvisories: [],
    ...overrides,
  };
}
