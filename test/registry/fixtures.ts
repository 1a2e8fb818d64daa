/**
 * Loads the checked-in fixtures (`test/fixtures/registry/*.json`, described in the README there) into
 * a RegistryData. Files are read and tarballs built once per process; every call hands out a deep copy
 * so one test's changes never leak into another's registry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateKey, emptyRegistryData, pep503 } from './data';
import type { Certificate, JsonObject, NpmAdvisory, RegistryData } from './data';
import { expandNpmPackage, expandPypiProject, sha256Hex } from './expand';
import type { NpmPackageSource, PypiProjectSource } from './expand';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'registry');

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as T;
}

/**
 * Integrity details for certificates that `verify.json` does not describe. npm answers nest them under
 * `integrity`, PyPI answers put them at the top level, so clients meet both layouts.
 */
function defaultVerifyExtras(cert: Certificate, key: string): JsonObject {
  const fileSet = sha256Hex(`fileset ${key}`);
  const round = `round_${sha256Hex(`round ${key}`).slice(0, 8)}`;
  const unknownScalars = { reviewPolicyVersion: '2026.03', councilSize: 5 };
  if (cert.registrySource === 'npm') {
    const distributionSha256 = cert.distributionSha256 ?? null;
    return { integrity: { distributionSha256, fileSetHash: fileSet, councilRoundId: round }, ...unknownScalars };
  }
  return { fileSetSha256: fileSet, roundId: round, ...unknownScalars };
}

function build(): RegistryData {
  const data = emptyRegistryData();
  for (const cert of readJson<Certificate[]>('certificates.json')) {
    data.certificates[certificateKey(cert.registrySource, cert.packageName, cert.packageVersion)] = cert;
  }
  const verify = readJson<Record<string, JsonObject>>('verify.json');
  for (const [key, cert] of Object.entries(data.certificates)) {
    data.verifyExtras[key] = verify[key] ?? defaultVerifyExtras(cert, key);
  }
  for (const [name, source] of Object.entries(readJson<Record<string, NpmPackageSource>>('npm-packages.json'))) {
    const { packument, tarballs } = expandNpmPackage(name, source);
    data.npm.packuments[name] = packument;
    Object.assign(data.npm.tarballs, tarballs);
  }
  data.npm.advisories = readJson<Record<string, NpmAdvisory[]>>('npm-advisories.json');
  for (const source of Object.values(readJson<Record<string, PypiProjectSource>>('pypi-projects.json'))) {
    data.pypi.projects[pep503(source.name)] = expandPypiProject(source);
  }
  data.stats = readJson<JsonObject>('stats.json');
  data.drafts = readJson<Record<string, JsonObject>>('drafts.json');
  return data;
}

let built: RegistryData | undefined;

/** The checked-in fixtures, as a deep copy the caller may change. */
export function loadFixtureData(): RegistryData {
  built ??= build();
  return structuredClone(built);
}
