/**
 * The fault matrix, shared by the server and CLI suites: every fault of docs/registry-api.md §6, and for
 * each endpoint the product calls a "warm" package (known before the fault) and a "cold" one (first
 * asked while the fault is on), with what a correct client shows in each case.
 */
import type { DependencyStatus } from '../../shared/src/protocol';
import { certificateKey, emptyRegistryData, type EndpointName, type Fault, type FaultRule, type RegistryData } from '../registry';
import { expandNpmPackage, expandPypiProject } from '../registry/expand';
import { certificate } from '../helpers/testData';

/** `network`: the network as a whole failed (one registry-unavailable); `bad`: one bad answer (lookup-failed). */
export type Effect = 'network' | 'bad';

export interface FaultCase {
  name: string;
  /** Undefined for "connection refused", done by pausing the registry. */
  fault?: (endpoint: EndpointName) => Fault;
  effect: Effect;
  /**
   * The per-request time limit for this case: short where running out of time IS the fault, long
   * elsewhere, so a loaded machine never turns a bad answer into a timeout.
   */
  timeoutMs: number;
  /** Part of the quick CLI subset that `npm test` runs (all run with SIGMA_FULL_MATRIX=1). */
  quick?: boolean;
}

/** Small caps (certificate 2 MB, preview 4 MB) are hit while streaming; the 16–20 MB caps by a declared length. */
function oversized(endpoint: EndpointName): Fault {
  const streamed = endpoint === 'certificate' || endpoint === 'verify' || endpoint === 'stats' || endpoint === 'preview';
  return streamed ? { kind: 'oversized', bytes: 5 * 1024 * 1024 } : { kind: 'oversized', bytes: 24 * 1024 * 1024, declareLength: true };
}

/** The trickle sends 40 bytes a second: no answer completes within 600 ms. */
export const FAULTS: FaultCase[] = [
  { name: 'timeout', fault: () => ({ kind: 'timeout' }), effect: 'network', timeoutMs: 600, quick: true },
  { name: 'connection refused', effect: 'network', timeoutMs: 5000, quick: true },
  { name: 'reset mid-body', fault: () => ({ kind: 'reset' }), effect: 'network', timeoutMs: 5000 },
  { name: '429 without Retry-After', fault: () => ({ kind: 'status', status: 429 }), effect: 'bad', timeoutMs: 5000 },
  { name: '429 with Retry-After', fault: () => ({ kind: 'status', status: 429, retryAfter: '1' }), effect: 'bad', timeoutMs: 5000 },
  { name: '503 without Retry-After', fault: () => ({ kind: 'status', status: 503 }), effect: 'bad', timeoutMs: 5000 },
  { name: '503 with Retry-After', fault: () => ({ kind: 'status', status: 503, retryAfter: '1' }), effect: 'bad', timeoutMs: 5000, quick: true },
  { name: '500', fault: () => ({ kind: 'status', status: 500 }), effect: 'bad', timeoutMs: 5000 },
  { name: 'non-JSON body', fault: () => ({ kind: 'non-json' }), effect: 'bad', timeoutMs: 5000, quick: true },
  { name: 'non-object JSON', fault: () => ({ kind: 'non-object' }), effect: 'bad', timeoutMs: 5000 },
  { name: 'oversized body', fault: oversized, effect: 'bad', timeoutMs: 5000, quick: true },
  { name: 'slow trickle', fault: () => ({ kind: 'trickle', chunkBytes: 4, intervalMs: 100 }), effect: 'network', timeoutMs: 600 },
  { name: 'identity mismatch', fault: () => ({ kind: 'identity-mismatch' }), effect: 'bad', timeoutMs: 5000, quick: true },
];

/** One endpoint of the matrix: the manifest that makes the product call it, for the warm and the cold package. */
export interface EndpointCase {
  endpoint: EndpointName;
  /** File name of the manifest (its kind decides the parser). */
  file: string;
  manifest(pkg: string): string;
  languageId: string;
  warm: string;
  cold(index: number): string;
  /** Status of both packages when nothing fails. */
  status: DependencyStatus;
  /** Diagnostic codes on each package's document when nothing fails. */
  codes: string[];
  /** Status of a cold package that is shown while the fault is on. */
  coldStatus: DependencyStatus;
  /** Status and codes of the cold package once the fault is gone, when they differ from the warm one's. */
  coldHealthy?: { status: DependencyStatus; codes: string[] };
  /** A fault kind this endpoint's answers are immune to (its answer has no identity to mismatch). */
  immuneTo?: string;
  /** Faults that leave the cold package's answer intact (a 404's status line arrives before its body breaks). */
  coldImmuneTo?: string[];
  /**
   * The exact version itself is asked of the index (a PyPI `==` pin: pip installs the equal release the
   * index lists, docs/formats/requirements.md), so with the whole registry unreachable it is unresolved.
   */
  versionFromIndex?: true;
}

/** A cold package's status while the whole registry is unreachable (a refused connection). */
export function coldStatusWhenUnreachable(c: EndpointCase): DependencyStatus {
  return c.coldStatus === 'unresolved' || c.versionFromIndex ? 'unresolved' : 'error';
}

const npmManifest = (spec: string) => (pkg: string) => `{\n  "name": "app",\n  "dependencies": {\n    "${pkg}": "${spec}"\n  }\n}\n`;
const pyManifest = (spec: string) => (pkg: string) => `${pkg}${spec}\n`;

export const ENDPOINTS: EndpointCase[] = [
  { endpoint: 'certificate', file: 'package.json', languageId: 'json', manifest: npmManifest('1.0.0'), warm: 'cert-warm', cold: (i) => `cert-cold-${i}`, status: 'approved', codes: [], coldStatus: 'error', coldImmuneTo: ['reset mid-body', 'slow trickle'], coldHealthy: { status: 'uncertified', codes: ['uncertified', 'advisory'] } },
  // Certified without an advisory snapshot, so the verify endpoint is asked; the certificate itself stays valid.
  { endpoint: 'verify', file: 'package.json', languageId: 'json', manifest: npmManifest('1.0.0'), warm: 'verify-warm', cold: (i) => `verify-cold-${i}`, status: 'approved', codes: [], coldStatus: 'approved' },
  // A range: the packument decides the version.
  { endpoint: 'npmPackument', file: 'package.json', languageId: 'json', manifest: npmManifest('^1.0.0'), warm: 'range-warm', cold: (i) => `range-cold-${i}`, status: 'approved', codes: [], coldStatus: 'unresolved' },
  // Not certified, with a registry advisory: the bulk advisory POST is asked.
  { endpoint: 'npmBulk', file: 'package.json', languageId: 'json', manifest: npmManifest('1.0.0'), warm: 'bulk-warm', cold: (i) => `bulk-cold-${i}`, status: 'uncertified', codes: ['uncertified', 'advisory'], coldStatus: 'uncertified', immuneTo: 'identity mismatch' },
  { endpoint: 'pypiRelease', file: 'requirements.txt', languageId: 'pip-requirements', manifest: pyManifest('==1.0.0'), warm: 'release-warm', cold: (i) => `release-cold-${i}`, status: 'uncertified', codes: ['uncertified', 'advisory'], coldStatus: 'uncertified', versionFromIndex: true },
  { endpoint: 'pypiProject', file: 'requirements.txt', languageId: 'pip-requirements', manifest: pyManifest('>=1.0'), warm: 'project-warm', cold: (i) => `project-cold-${i}`, status: 'approved', codes: [], coldStatus: 'unresolved' },
];

function addNpm(data: RegistryData, name: string, certified: boolean, snapshot: boolean): void {
  data.npm.packuments[name] = expandNpmPackage(name, { 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': {} } }).packument;
  if (certified) {
    const extra = snapshot ? {} : { registryAdvisories: null, registryAdvisoryCount: null, registryAdvisorySummary: null };
    data.certificates[certificateKey('npm', name, '1.0.0')] = certificate('npm', name, '1.0.0', extra);
  } else {
    data.npm.advisories[name] = [{ id: 1_000_001, url: `https://github.com/advisories/GHSA-test-${name}`, title: `Test advisory for ${name}`, severity: 'moderate', vulnerable_versions: '<2.0.0', cwe: ['CWE-20'], cvss: { score: 5, vectorString: null } }];
  }
}

function addPypi(data: RegistryData, name: string, certified: boolean): void {
  const vulnerabilities = certified
    ? []
    : [{ id: `PYSEC-TEST-${name}`, aliases: [], summary: `Test vulnerability for ${name}`, details: 'test', fixed_in: ['2.0.0'], link: `https://osv.dev/vulnerability/PYSEC-TEST-${name}`, source: 'osv', withdrawn: null }];
  data.pypi.projects[name] = expandPypiProject({ name, releases: { '1.0.0': { vulnerabilities } } });
  if (certified) data.certificates[certificateKey('pypi', name, '1.0.0')] = certificate('pypi', name, '1.0.0');
}

/** Registry data for every endpoint case, with cold packages for `coldCount` faults. */
export function matrixData(coldCount: number): RegistryData {
  const data = emptyRegistryData();
  data.stats = { totalPackagesCertified: 7, coverage: { npm: { top100: { tracked: 100, certified: 7, percent: 7 } } } };
  data.drafts = { 'draft-1': { enabled: true, packagesTotal: 1, items: [{ packageName: 'cert-warm', packageVersion: '1.0.0', registrySource: 'npm', status: 'CERTIFIED', warnings: [] }] } };
  for (const c of ENDPOINTS) {
    const names = [c.warm, ...Array.from({ length: coldCount }, (_, i) => c.cold(i))];
    for (const name of names) {
      if (c.endpoint === 'certificate') addNpm(data, name, name === c.warm, true); // cold: uncertified (404)
      else if (c.endpoint === 'verify') addNpm(data, name, true, false);
      else if (c.endpoint === 'npmPackument') addNpm(data, name, true, true);
      else if (c.endpoint === 'npmBulk') addNpm(data, name, false, true);
      else if (c.endpoint === 'pypiRelease') addPypi(data, name, false);
      else addPypi(data, name, true);
    }
  }
  return data;
}

/** The fault rules for one fault kind on one endpoint, for the given packages. */
export function rulesFor(c: EndpointCase, fault: Fault, packages: string[]): FaultRule[] {
  return packages.map((pkg) => ({ endpoint: c.endpoint, package: pkg, fault }));
}
