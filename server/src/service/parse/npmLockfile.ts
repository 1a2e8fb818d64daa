/**
 * package-lock.json / npm-shrinkwrap.json → the versions the manifest's own dependencies get.
 *
 * - v2/v3 (`packages` map, preferred whenever present): root-level entries `node_modules/<name>` and
 *   `node_modules/@scope/<name>`; for a workspace member also `<memberPath>/node_modules/<name>`,
 *   which wins because npm installs a member's own copy there when the hoisted one does not fit.
 * - v1 (`dependencies` tree): its top level.
 * - Skipped: `link: true` entries (workspace members and local folders are not registry packages),
 *   entries without a valid semver version (v1 git/file entries keep their URL in `version`).
 *
 * The returned map is keyed by the folder name under node_modules, which is the key the MANIFEST
 * uses: for an alias (`"my-lodash": "npm:lodash@^4"`) that is `my-lodash`, and the pin's `name` is the
 * real package `lodash`. The resolver must therefore look a dependency up by `dependency.name` (the
 * manifest key), not by `normalizedName`, and check `pin.name` against `normalizedName`.
 *
 * Well-formed files go through the fast scanner (npmLockScanner.ts, see there for the measured
 * reason); anything else falls back to jsonc-parser's tolerant parser, which is slow on huge files
 * but reports every problem with a range.
 */
import { parse, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LockedPackage, ParsedLockfile, ParseProblem } from '../model';
import { jsonProblems } from './npmJsonProblems';
import { type LockEntries, type LockEntry, type LockSummary, scanLockfile } from './npmLockScanner';
import { splitNameAndSpec } from './npmName';

const NODE_MODULES = 'node_modules/';
/**
 * A strict semver 2.0.0 version, as npm writes into lockfiles. A regex rather than semver.valid:
 * semver.valid builds a SemVer object per call, 7–50 ms for 29,000 entries on this machine.
 */
const IDENTIFIER = '(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)';
const SEMVER = new RegExp(
  `^(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)(?:-${IDENTIFIER}(?:\\.${IDENTIFIER})*)?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?$`,
);

export function parseNpmLockfile(
  text: string,
  kind: 'package-lock.json' | 'npm-shrinkwrap.json',
  memberPath?: string,
): ParsedLockfile {
  const member = normalizeMemberPath(memberPath);
  const wanted = (location: string): boolean => folderStart(location, member) >= 0;
  const fast = scanLockfile(text, wanted);
  const { summary, errors } = fast ? { summary: fast, errors: [] } : tolerantSummary(text, wanted);
  return { kind, packages: pinsFrom(summary, member), errors };
}

/** `packages/app/`, `./packages/app`, `packages\app` → `packages/app`; the root folder → undefined. */
function normalizeMemberPath(memberPath: string | undefined): string | undefined {
  if (memberPath === undefined) return undefined;
  const path = memberPath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return path === '' || path === '.' ? undefined : path;
}

/**
 * Where the package folder starts in a `packages` key that is a root-level (`node_modules/<name>`)
 * or member-level (`<member>/node_modules/<name>`) install, or -1. It allocates nothing: it runs
 * for every key of a lockfile with tens of thousands of entries.
 */
function folderStart(location: string, member: string | undefined): number {
  let start = -1;
  if (location.startsWith(NODE_MODULES)) start = NODE_MODULES.length;
  else if (member !== undefined && location.startsWith(member) && location.startsWith(`/${NODE_MODULES}`, member.length)) {
    start = member.length + 1 + NODE_MODULES.length;
  }
  return start >= 0 && isPackageFolder(location, start) ? start : -1;
}

/** `name` or `@scope/name` from `start` to the end, and nothing deeper (`a/node_modules/b` is a transitive copy). */
function isPackageFolder(location: string, start: number): boolean {
  const slash = location.indexOf('/', start);
  if (location.charCodeAt(start) !== 0x40 /* @ */) return slash < 0 && start < location.length;
  return slash > start + 1 && slash < location.length - 1 && location.indexOf('/', slash + 1) < 0;
}

function pinsFrom(summary: LockSummary, member: string | undefined): Map<string, LockedPackage> {
  const pins = new Map<string, LockedPackage>();
  if (summary.packages) {
    const memberPins = new Map<string, LockedPackage | undefined>();
    for (const [location, entry] of summary.packages) {
      const start = folderStart(location, member);
      if (start < 0) continue;
      const key = location.slice(start);
      const pin = entry && entry.link !== true ? pinFrom(entry.name ?? key, entry.version, entry) : undefined;
      // A repeated location replaces the earlier one, even when the later one pins nothing.
      if (!location.startsWith(NODE_MODULES)) memberPins.set(key, pin);
      else if (pin) pins.set(key, pin);
      else pins.delete(key);
    }
    for (const [key, pin] of memberPins) if (pin) pins.set(key, pin);
  } else if (summary.dependencies) {
    for (const [key, entry] of summary.dependencies) {
      // v1 records an alias in the version: `"my-lodash": { "version": "npm:lodash@4.17.21" }`.
      const alias = entry?.version?.startsWith('npm:') ? splitNameAndSpec(entry.version.slice(4)) : undefined;
      const pin = !entry ? undefined : alias ? pinFrom(alias.name, alias.spec, entry) : pinFrom(key, entry.version, entry);
      if (pin) pins.set(key, pin);
      else pins.delete(key);
    }
  }
  return pins;
}

function pinFrom(name: string, version: string | undefined, entry: LockEntry): LockedPackage | undefined {
  if (version === undefined || !SEMVER.test(version)) return undefined;
  const pin: LockedPackage = { registry: 'npm', name, version, hashes: [] };
  if (entry.integrity !== undefined) pin.integrity = entry.integrity;
  if (entry.resolved !== undefined) pin.resolved = entry.resolved;
  return pin;
}

/** The slow path for text the scanner refused: tolerant parse, same extraction, problems with ranges. */
function tolerantSummary(text: string, wanted: (location: string) => boolean): { summary: LockSummary; errors: ParseProblem[] } {
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const document = TextDocument.create('untitled:package-lock.json', 'json', 0, source);
  const positionAt = (offset: number) => document.positionAt(offset);
  const jsonErrors: ParseError[] = [];
  let value: unknown;
  try {
    value = parse(source, jsonErrors, { disallowComments: true, allowTrailingComma: false });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const start = positionAt(0);
    return { summary: {}, errors: [{ message: 'The lockfile is nested too deeply to read.', severity: 'error', range: { start, end: start } }] };
  }
  const errors = jsonProblems(source, jsonErrors, positionAt);
  if (!isObject(value)) {
    errors.push({
      message: 'A lockfile must contain a JSON object.',
      severity: 'error',
      range: { start: positionAt(0), end: positionAt(source.length) },
    });
    return { summary: {}, errors };
  }
  const summary: LockSummary = {};
  if (Object.hasOwn(value, 'packages')) summary.packages = entryMap(value['packages'], wanted);
  if (Object.hasOwn(value, 'dependencies')) summary.dependencies = entryMap(value['dependencies'], () => true);
  return { summary, errors };
}

function entryMap(value: unknown, keep: (key: string) => boolean): LockEntries | undefined {
  if (!isObject(value)) return undefined;
  const entries: LockEntries = [];
  for (const [key, raw] of Object.entries(value)) {
    if (!keep(key)) continue;
    if (!isObject(raw)) {
      entries.push([key, undefined]);
      continue;
    }
    const entry: LockEntry = {};
    for (const field of ['version', 'name', 'resolved', 'integrity'] as const) {
      const fieldValue = raw[field];
      if (typeof fieldValue === 'string' && Object.hasOwn(raw, field)) entry[field] = fieldValue;
    }
    if (raw['link'] === true) entry.link = true;
    entries.push([key, entry]);
  }
  return entries;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
