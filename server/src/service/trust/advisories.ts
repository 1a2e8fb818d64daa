/**
 * Advisory rows from every source the project reads (npm bulk advisories, PyPI/OSV vulnerabilities,
 * SIGMA's snapshot) turned into the one normalised `Advisory` shape of docs/registry-api.md §3.
 */
import { satisfies, validRange } from 'semver';
import type { Advisory, Severity } from '../model';
import { normalizePypiName } from '../parse/python/pep503';
import { sameName, sameVersion } from './identity';
import { MAX_ITEMS, capText, isObject, own, ownFirst, readId, readNumber, readStringList, readText } from '../../../../shared/src/jsonReading';

type AdvisorySource = Advisory['source'];

const SEVERITY_WORDS: Readonly<Record<string, Severity>> = {
  low: 'low',
  none: 'low',
  info: 'low',
  informational: 'low',
  moderate: 'moderate',
  medium: 'moderate',
  high: 'high',
  important: 'high',
  critical: 'critical',
};

/** CVSS v3 qualitative bands: 0–3.9 low, 4–6.9 moderate ("medium"), 7–8.9 high, 9–10 critical. */
export function cvssBand(score: number): Severity {
  if (!Number.isFinite(score) || score < 0 || score > 10) return 'unknown';
  if (score < 4) return 'low';
  if (score < 7) return 'moderate';
  if (score < 9) return 'high';
  return 'critical';
}

/** A severity word or CVSS score (number or numeric string) as the project's five levels. */
export function normaliseSeverity(value: unknown): Severity {
  const score = readNumber(value);
  if (score !== undefined) return cvssBand(score);
  if (typeof value !== 'string') return 'unknown';
  return Object.prototype.hasOwnProperty.call(SEVERITY_WORDS, value.trim().toLowerCase())
    ? SEVERITY_WORDS[value.trim().toLowerCase()]
    : 'unknown';
}

/** An http(s) URL, normalised; any other scheme (`javascript:`, `command:`, `file:` …) is dropped. */
export function safeHttpUrl(value: unknown): string | undefined {
  const text = readText(value, 2000);
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** A GitHub advisory id (GHSA-xxxx-xxxx-xxxx) inside a URL, in its canonical spelling. */
function ghsaIn(text: string | undefined): string | undefined {
  const match = text === undefined ? null : /GHSA(-[23456789cfghjmpqrvwx]{4}){3}/i.exec(text);
  return match === null ? undefined : `GHSA${match[0].slice(4).toLowerCase()}`;
}

function firstLine(value: unknown): string | undefined {
  const text = readText(value, 5000);
  return text === undefined ? undefined : readText(text.split(/\r?\n/)[0], 500);
}

/** OSV marks a withdrawn row with a timestamp; some servers send `true`. */
function isWithdrawnMark(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/**
 * One advisory row in npm shape (`id` number, `url`, `title`, `severity`, `vulnerable_versions`,
 * `cvss`), PyPI/OSV shape (`id`, `aliases`, `summary`/`details`, `fixed_in`, `link`, `withdrawn`) or
 * the normalised shape. A bare string becomes a row with that text. Null when nothing usable.
 */
export function normaliseAdvisory(row: unknown, fallbackSource: AdvisorySource): Advisory | null {
  if (typeof row === 'string') {
    const text = readText(row, 500);
    return text === undefined ? null : { id: capText(text, 200), aliases: [], source: fallbackSource, severity: 'unknown', title: text };
  }
  if (!isObject(row)) return null;
  const rawUrl = ownFirst(row, ['url', 'link']);
  const url = safeHttpUrl(rawUrl);
  const ghsa = ghsaIn(url);
  const listed = readStringList(own(row, 'aliases'));
  const id = readId(own(row, 'id')) ?? listed[0] ?? ghsa;
  const title = readText(own(row, 'title'), 500) ?? firstLine(own(row, 'summary')) ?? firstLine(own(row, 'details'));
  const label = id ?? title;
  if (label === undefined) return null;
  const aliases = [...listed, ...(ghsa === undefined ? [] : [ghsa])].filter((alias, index, all) => alias !== id && all.indexOf(alias) === index);
  const declaredSource = own(row, 'source');
  const source: AdvisorySource = declaredSource === 'npm' || declaredSource === 'pypi' || declaredSource === 'sigma' ? declaredSource : fallbackSource;
  let severity = normaliseSeverity(own(row, 'severity'));
  if (severity === 'unknown') {
    const cvss = own(row, 'cvss');
    severity = normaliseSeverity(isObject(cvss) ? own(cvss, 'score') : cvss);
  }
  const advisory: Advisory = { id: id ?? capText(label, 200), aliases, source, severity, title: title ?? label };
  if (url !== undefined) advisory.url = url;
  const vulnerable = readText(ownFirst(row, ['vulnerable_versions', 'vulnerableVersions']), 500);
  if (vulnerable !== undefined) advisory.vulnerableVersions = vulnerable;
  const fixedIn = readStringList(ownFirst(row, ['fixed_in', 'fixedIn']));
  if (fixedIn.length > 0) advisory.fixedIn = fixedIn;
  if (isWithdrawnMark(own(row, 'withdrawn'))) advisory.withdrawn = true;
  return advisory;
}

/** Rows of a list, normalised, at most MAX_ITEMS; `omitted` counts rows beyond the cap. */
export function normaliseAdvisoryList(value: unknown, fallbackSource: AdvisorySource): { advisories: Advisory[]; omitted: number } {
  if (!Array.isArray(value)) return { advisories: [], omitted: 0 };
  const advisories: Advisory[] = [];
  for (const row of value.slice(0, MAX_ITEMS)) {
    const advisory = normaliseAdvisory(row, fallbackSource);
    if (advisory !== null) advisories.push(advisory);
  }
  return { advisories, omitted: Math.max(0, value.length - MAX_ITEMS) };
}

/** A withdrawn advisory is kept for the record but is not shown as a live problem. */
export function isActive(advisory: Advisory): boolean {
  return advisory.withdrawn !== true;
}

/** The options npm audit (`@npmcli/metavuln-calculator`) tests versions with. */
const NPM_AUDIT_SEMVER = { includePrerelease: true, loose: true };

/**
 * Does the row apply to `version`? Rows without a readable `vulnerable_versions` range are kept
 * (the bulk endpoint only returns rows that affect one of the asked versions, so dropping them
 * could hide a real advisory; with several asked versions this may over-report, never under-report).
 */
function affects(advisory: Advisory, version: string): boolean {
  const range = advisory.vulnerableVersions;
  if (range === undefined || validRange(range, NPM_AUDIT_SEMVER) === null) return true;
  return satisfies(version, range, NPM_AUDIT_SEMVER);
}

/**
 * The npm bulk-advisory answer (`{ name: [rows…] }`) matched against the versions asked, keyed
 * `name@version`; every asked pair has an entry (possibly empty). Null when the answer is not an object.
 */
export function matchNpmBulk(answer: unknown, asked: ReadonlyMap<string, readonly string[]>): Map<string, Advisory[]> | null {
  if (!isObject(answer)) return null;
  const result = new Map<string, Advisory[]>();
  for (const [name, versions] of asked) {
    const { advisories } = normaliseAdvisoryList(own(answer, name), 'npm');
    for (const version of versions) result.set(`${name}@${version}`, advisories.filter((advisory) => affects(advisory, version)));
  }
  return result;
}

export type PypiRelease = { ok: true; vulnerabilities: Advisory[]; sha256: string[] } | { ok: false; reason: string };

const MAX_FILES = 500;

/**
 * The PyPI JSON release answer: its `vulnerabilities` (withdrawn rows kept, marked) and the
 * sha256 digests of its files. Invalid when it is not an object or `info` names another release.
 */
export function readPypiRelease(json: unknown, askedName: string, askedVersion: string): PypiRelease {
  if (!isObject(json)) return { ok: false, reason: 'the PyPI answer is not a JSON object' };
  const info = own(json, 'info');
  if (isObject(info)) {
    const name = readText(own(info, 'name'), 300);
    const version = readText(own(info, 'version'), 300);
    if (name !== undefined && !sameName('pypi', name, askedName)) {
      return { ok: false, reason: `PyPI answered for "${capText(normalizePypiName(name), 100)}", not "${normalizePypiName(askedName)}"` };
    }
    if (version !== undefined && !sameVersion('pypi', version, askedVersion)) {
      return { ok: false, reason: `PyPI answered for version "${capText(version, 100)}", not "${askedVersion}"` };
    }
  }
  const { advisories } = normaliseAdvisoryList(own(json, 'vulnerabilities'), 'pypi');
  const sha256: string[] = [];
  const files = own(json, 'urls');
  for (const file of Array.isArray(files) ? files.slice(0, MAX_FILES) : []) {
    const digests = isObject(file) ? own(file, 'digests') : undefined;
    const digest = isObject(digests) ? readText(own(digests, 'sha256'), 100)?.toLowerCase() : undefined;
    if (digest !== undefined && /^[0-9a-f]{64}$/.test(digest) && !sha256.includes(digest)) sha256.push(digest);
  }
  return { ok: true, vulnerabilities: advisories, sha256 };
}
