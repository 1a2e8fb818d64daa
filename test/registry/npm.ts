/** The npm registry endpoints: packuments (full and abbreviated), tarballs and bulk advisories. */
import { satisfies, valid } from 'semver';
import { own } from './data';
import type { JsonObject, NpmAdvisory, NpmPackument, RegistryData } from './data';
import { absolute, errorAnswer, jsonAnswer } from './answer';
import type { Answer } from './types';

const ABBREVIATED = 'application/vnd.npm.install-v1+json';
/** Fields npm keeps in the abbreviated ("corgi") document; everything else is dropped. */
const ABBREVIATED_VERSION_FIELDS = ['name', 'version', 'deprecated', 'dependencies', 'optionalDependencies', 'peerDependencies', 'bin', 'engines', 'dist'];

function withAbsoluteTarballs(packument: NpmPackument, baseUrl: string, abbreviated: boolean): JsonObject {
  const versions: JsonObject = {};
  for (const [version, entry] of Object.entries(packument.versions)) {
    const copy: JsonObject = {};
    for (const [field, value] of Object.entries(entry)) {
      if (!abbreviated || ABBREVIATED_VERSION_FIELDS.includes(field)) copy[field] = value;
    }
    copy.dist = { ...entry.dist, tarball: absolute(baseUrl, entry.dist.tarball) };
    versions[version] = copy;
  }
  if (abbreviated) {
    return { name: packument.name, modified: packument.time.modified ?? null, 'dist-tags': packument['dist-tags'], versions };
  }
  return { ...packument, versions };
}

export function packumentAnswer(data: RegistryData, name: string, accept: string | undefined, baseUrl: string): Answer {
  const packument = own(data.npm.packuments, name);
  if (!packument) return jsonAnswer(404, { error: 'Not found' });
  const abbreviated = accept?.includes(ABBREVIATED) === true;
  const body = withAbsoluteTarballs(packument, baseUrl, abbreviated);
  return jsonAnswer(200, body, abbreviated ? `${ABBREVIATED}; charset=utf-8` : 'application/json; charset=utf-8');
}

export function tarballAnswer(data: RegistryData, path: string): Answer {
  const bytes = own(data.npm.tarballs, path);
  if (!bytes) return jsonAnswer(404, { error: 'Not found' });
  return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: bytes };
}

/** Advisories of `name` whose `vulnerable_versions` range holds any of `versions` (pre-releases included). */
export function npmAdvisoriesFor(data: RegistryData, name: string, versions: string[]): NpmAdvisory[] {
  const advisories = own(data.npm.advisories, name) ?? [];
  const exact = versions.filter((version) => valid(version) !== null);
  return advisories.filter((advisory) =>
    exact.some((version) => satisfies(version, advisory.vulnerable_versions, { includePrerelease: true })),
  );
}

/** `{name: [versions]}` in, `{name: [advisories]}` out; names without a matching advisory are left out, as npm does. */
export function bulkAnswer(data: RegistryData, body: string): Answer {
  let asked: unknown;
  try {
    asked = JSON.parse(body);
  } catch {
    return errorAnswer(400, 'bad_request', 'The body is not JSON.');
  }
  if (typeof asked !== 'object' || asked === null || Array.isArray(asked)) {
    return errorAnswer(400, 'bad_request', 'The body must be an object keyed by package name.');
  }
  const answer: JsonObject = {};
  for (const [name, versions] of Object.entries(asked)) {
    if (!Array.isArray(versions) || !versions.every((version) => typeof version === 'string')) {
      return errorAnswer(400, 'bad_request', `The versions of ${JSON.stringify(name)} must be a list of strings.`);
    }
    const found = npmAdvisoriesFor(data, name, versions);
    if (found.length > 0) answer[name] = found;
  }
  return jsonAnswer(200, answer);
}

/** Names and versions a bulk body asks about, for fault matching and the request log. */
export function bulkIdentities(body: string | undefined): { names: string[]; versions: string[] } {
  try {
    const asked: unknown = JSON.parse(body ?? '');
    if (typeof asked !== 'object' || asked === null || Array.isArray(asked)) return { names: [], versions: [] };
    const entries = Object.entries(asked);
    const versions = entries.flatMap(([, value]) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []));
    return { names: entries.map(([name]) => name), versions };
  } catch {
    return { names: [], versions: [] };
  }
}
