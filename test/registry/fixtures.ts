/**
 * Loads the checked-in fixtures (`test/fixtures/registry/*.json`, described in the README there) into
 * a RegistryData. Files are read and tarballs built once per process; every call hands out a deep copy
 * so one test's changes never leak into another's registry.
 *
 * Two datasets share those files: the example data (what `npm run registry` and `npm run demo` serve:
 * it reads like a real project's) and the test data, which is the example data with the hostile strings
 * of `hostile.json` written over a few fields (HTML, Markdown command links, `javascript:` URLs), so every
 * test keeps meeting them while the demo never shows them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { certificateKey, emptyRegistryData, pep503 } from './data';
import type { Certificate, JsonObject, JsonValue, NpmAdvisory, RegistryData } from './data';
import { expandNpmPackage, expandPypiProject, sha256Hex } from './expand';
import type { NpmPackageSource, PypiProjectSource } from './expand';
import type { FaultRule } from './types';

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

type PathStep = string | number;

interface HostilePatch {
  path: PathStep[];
  value: JsonValue;
}

/** Writes each patch's value at its path; every step but the last must already exist, so a patch that no longer lands fails loudly. */
function applyPatches(data: RegistryData, patches: HostilePatch[]): RegistryData {
  for (const { path, value } of patches) {
    let node: unknown = data;
    for (const step of path.slice(0, -1)) {
      node = node !== null && typeof node === 'object' && Object.hasOwn(node, step) ? (node as Record<PathStep, unknown>)[step] : undefined;
      if (node === undefined) throw new Error(`hostile.json: ${JSON.stringify(path)} does not exist in the example data`);
    }
    const last = path[path.length - 1];
    if (last === undefined || node === null || typeof node !== 'object' || !Object.hasOwn(node, last)) throw new Error(`hostile.json: ${JSON.stringify(path)} does not exist in the example data`);
    (node as Record<PathStep, unknown>)[last] = structuredClone(value);
  }
  return data;
}

let example: RegistryData | undefined;
let hostile: RegistryData | undefined;

/** The example data the demo serves, as a deep copy the caller may change. */
export function loadExampleData(): RegistryData {
  example ??= build();
  return structuredClone(example);
}

/** A standing fault of the example registry, with the sentence that says what it shows. */
export interface ExampleFault extends FaultRule {
  shows: string;
}

/**
 * The faults the example registry always applies (`example-faults.json`): one package whose SIGMA lookup
 * fails, so the demo shows every status. Only the registry CLI applies them; the test data has none.
 */
export function loadExampleFaults(): ExampleFault[] {
  return readJson<{ faults: ExampleFault[] }>('example-faults.json').faults;
}

/** The test data: the example data plus the hostile strings of `hostile.json`, as a deep copy the caller may change. */
export function loadFixtureData(): RegistryData {
  hostile ??= applyPatches(build(), readJson<{ patches: HostilePatch[] }>('hostile.json').patches);
  return structuredClone(hostile);
}
