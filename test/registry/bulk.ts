/**
 * Synthetic registry data for benchmarks: thousands of small packages (`pkg-00001@1.0.0` on npm,
 * `py-pkg-00001==1.0.0` on PyPI), a chosen share of them uncertified (with a registry advisory, so the
 * fallback has work to do) and a share of the certified ones without an advisory snapshot.
 */
import { certificateKey, emptyRegistryData } from './data';
import type { Certificate, RegistryData, RegistryName } from './data';
import { expandNpmPackage, expandPypiProject, sha256Hex } from './expand';

export interface BulkDataOptions {
  npmCount: number;
  pypiCount: number;
  /** Share of packages (0..1) with no certificate; default 0.1. */
  uncertifiedFraction?: number;
  /** Share of the certified packages (0..1) whose certificate has no advisory snapshot; default 0.1. */
  noSnapshotFraction?: number;
}

export interface BulkData {
  data: RegistryData;
  npmNames: string[];
  pypiNames: string[];
}

export const BULK_VERSION = '1.0.0';

/** True for exactly floor(n * fraction) of the indexes 1..n, spread evenly. */
function picked(index: number, fraction: number): boolean {
  return Math.floor(index * fraction) !== Math.floor((index - 1) * fraction);
}

function certificate(registry: RegistryName, name: string, sha256: string, snapshot: boolean): Certificate {
  const cert: Certificate = {
    registrySource: registry,
    packageName: name,
    packageVersion: BULK_VERSION,
    distributionSha256: sha256,
    councilVerdict: 'APPROVED',
    securityLevel: 'CLEAR',
    retainedWarnings: [],
    analysisType: 'FULL',
    certifiedAt: '2026-01-01T00:00:00.000Z',
    certificateId: `pkg_bench_${registry}_${name}`,
    verifyEndpoint: `/api/v1/public/packages/${registry}/${name}/${BULK_VERSION}/verify`,
  };
  if (snapshot) {
    cert.registryAdvisoryCount = 0;
    cert.registryAdvisoryHighestSeverity = null;
    cert.registryAdvisorySummary = 'No known registry security advisories were listed for this exact package version at certification time.';
    cert.registryAdvisories = [];
  }
  return cert;
}

export function generateBulkData(opts: BulkDataOptions): BulkData {
  const uncertified = opts.uncertifiedFraction ?? 0.1;
  const noSnapshot = opts.noSnapshotFraction ?? 0.1;
  const data = emptyRegistryData();
  const npmNames: string[] = [];
  const pypiNames: string[] = [];
  let certifiedCount = 0;

  for (let i = 1; i <= opts.npmCount; i++) {
    const name = `pkg-${String(i).padStart(5, '0')}`;
    npmNames.push(name);
    const { packument, tarballs, sha256 } = expandNpmPackage(name, { description: 'benchmark package', 'dist-tags': { latest: BULK_VERSION }, versions: { [BULK_VERSION]: {} } });
    data.npm.packuments[name] = packument;
    Object.assign(data.npm.tarballs, tarballs);
    if (picked(i, uncertified)) {
      data.npm.advisories[name] = [
        { id: 2000000 + i, url: `https://github.com/advisories/bench-${name}`, title: `Synthetic advisory for ${name}`, severity: 'moderate', vulnerable_versions: '<1.0.1', cwe: ['CWE-20'], cvss: { score: 5, vectorString: null } },
      ];
      continue;
    }
    certifiedCount++;
    const cert = certificate('npm', name, sha256[BULK_VERSION] ?? '', !picked(certifiedCount, noSnapshot));
    data.certificates[certificateKey('npm', name, BULK_VERSION)] = cert;
  }

  for (let i = 1; i <= opts.pypiCount; i++) {
    const name = `py-pkg-${String(i).padStart(5, '0')}`;
    pypiNames.push(name);
    const vulnerable = picked(i, uncertified);
    const vulnerabilities = vulnerable
      ? [{ id: `PYSEC-BENCH-${i}`, aliases: [], summary: `Synthetic vulnerability for ${name}`, details: 'Generated for benchmarks.', fixed_in: ['1.0.1'], link: `https://osv.dev/vulnerability/PYSEC-BENCH-${i}`, source: 'osv', withdrawn: null }]
      : [];
    const project = expandPypiProject({ name, summary: 'benchmark package', releases: { [BULK_VERSION]: { vulnerabilities } } });
    data.pypi.projects[name] = project;
    if (vulnerable) continue;
    certifiedCount++;
    const sha256 = project.releases[BULK_VERSION]?.files[0]?.digests.sha256 ?? sha256Hex(name);
    data.certificates[certificateKey('pypi', name, BULK_VERSION)] = certificate('pypi', name, sha256, !picked(certifiedCount, noSnapshot));
  }

  for (const key of Object.keys(data.certificates)) {
    data.verifyExtras[key] = { integrity: { fileSetHash: sha256Hex(`fileset ${key}`), councilRoundId: 'round_bench' } };
  }
  const certified = Object.keys(data.certificates).length;
  data.stats = {
    totalPackagesCertified: certified,
    totalSubmissionsBenefitingFromCache: 0,
    totalCostSavedUsd: 0,
    codeSubmissionsWithPackages: 0,
    coverage: {},
  };
  return { data, npmNames, pypiNames };
}
