/**
 * Registry data and workspace files for the scenarios: N synthetic packages pinned to exact versions,
 * as a package.json with its package-lock.json, or a requirements.txt.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { certificateKey, generateBulkData, type BulkData } from '../../test/registry';

export const VERSION = '1.0.0';
/** The version the one-dependency edit moves to; certified with a snapshot, so it costs exactly one request. */
export const EDITED_VERSION = '1.0.1';

/**
 * Bulk data where every certificate carries one retained council warning, so every finished
 * dependency shows as exactly one diagnostic: completion is visible from the client, and the
 * server has to encode a diagnostics array as long as the manifest.
 */
export function benchData(opts: { npm: number; pypi: number; uncertified: number; noSnapshot: number }): BulkData {
  const bulk = generateBulkData({ npmCount: opts.npm, pypiCount: opts.pypi, uncertifiedFraction: opts.uncertified, noSnapshotFraction: opts.noSnapshot });
  for (const cert of Object.values(bulk.data.certificates)) cert.retainedWarnings = ['benchmark: one finding per dependency'];
  const first = bulk.npmNames[0];
  const base = first === undefined ? undefined : bulk.data.certificates[certificateKey('npm', first, VERSION)];
  if (first !== undefined && base) {
    bulk.data.certificates[certificateKey('npm', first, EDITED_VERSION)] = { ...base, packageVersion: EDITED_VERSION, verifyEndpoint: `/api/v1/public/packages/npm/${first}/${EDITED_VERSION}/verify` };
  }
  return bulk;
}

export interface Manifest {
  file: string;
  uri: string;
  languageId: string;
  text: string;
  /** Dependencies in the manifest: each shows as one diagnostic once checked. */
  count: number;
}

/** package.json text with a description line that edits can change without touching a dependency. */
export function packageJsonText(names: readonly string[], description: string, versions: ReadonlyMap<string, string> = new Map()): string {
  const deps = names.map((n) => `    "${n}": "${versions.get(n) ?? VERSION}"`).join(',\n');
  return `{\n  "name": "bench-app",\n  "version": "1.0.0",\n  "description": "${description}",\n  "dependencies": {\n${deps}\n  }\n}\n`;
}

export function writePackageLock(dir: string, registryUrl: string, names: readonly string[], versions: ReadonlyMap<string, string> = new Map()): void {
  const packages: Record<string, unknown> = { '': { name: 'bench-app', version: '1.0.0', dependencies: Object.fromEntries(names.map((n) => [n, versions.get(n) ?? VERSION])) } };
  for (const n of names) {
    const v = versions.get(n) ?? VERSION;
    packages[`node_modules/${n}`] = { version: v, resolved: `${registryUrl}/${n}/-/${n}-${v}.tgz` };
  }
  fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
}

export function writeNpmProject(dir: string, registryUrl: string, names: readonly string[]): Manifest {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'package.json');
  const text = packageJsonText(names, 'edit 0');
  fs.writeFileSync(file, text);
  writePackageLock(dir, registryUrl, names);
  return { file, uri: pathToFileURL(file).href, languageId: 'json', text, count: names.length };
}

export function writeRequirements(dir: string, names: readonly string[]): Manifest {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'requirements.txt');
  const text = `${names.map((n) => `${n}==${VERSION}`).join('\n')}\n`;
  fs.writeFileSync(file, text);
  return { file, uri: pathToFileURL(file).href, languageId: 'pip-requirements', text, count: names.length };
}
