/**
 * package-lock.json / npm-shrinkwrap.json → the versions the manifest's own dependencies get.
 *
 * - v2/v3 (`packages` map, preferred whenever present): root-level entries `node_modules/<name>` and
 *   `node_modules/@scope/<name>`; for a workspace member also `<memberPath>/node_modules/<name>`,
 *   which wins because npm installs a member's own copy there when the hoisted one does not fit.
 * - v1 (`dependencies` tree): its top level.
 * - Not pins: `link: true` entries (workspace members and local folders are not registry packages;
 *   they are returned as `links`, so the checker skips them and never looks their names up), entries
 *   without a valid semver version (v1 git/file entries keep their URL in `version`; `file:` ones are links).
 *
 * The returned map is keyed by the folder name under node_modules, which is the key the MANIFEST
 * uses: for an alias (`"my-lodash": "npm:lodash@^4"`) that is `my-lodash`, and the pin's `name` is the
 * real package `lodash`. The resolver must therefore look a dependency up by `dependency.name` (the
 * manifest key), not by `normalizedName`, and check `pin.name` against `normalizedName`.
 *
 * Well-formed files go through the fast scanner (npmLockScanner.ts, see there for the measured
 * reason); anything else falls back to jsonc-parser's tolerant parser, which is slow on huge files
 * but reports every problem with a range. Both feed the same PinCollector (npmLockPins.ts).
 */
import { parse, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedLockfile, ParseProblem } from '../../model';
import { jsonProblems } from './npmJsonProblems';
import { PinIndex } from './npmLockPinIndex';
import { PinCollector } from './npmLockPins';
import { type LockEntry, type LockVisitor, scanLockfile } from './npmLockScanner';

/** `eager`: make every pin now, as before the pin index (the property test compares both). */
export function parseNpmLockfile(
  text: string,
  kind: 'package-lock.json' | 'npm-shrinkwrap.json',
  memberPath?: string,
  eager = false,
): ParsedLockfile {
  const unknown = unknownVersion(text, kind);
  if (unknown) return { kind, packages: new Map(), errors: [unknown] };
  const member = normalizeMemberPath(memberPath);
  // Pins made when asked for (npmLockPinIndex.ts), or all now; the links are read during the scan either way.
  const fast = eager ? new PinCollector(member) : new PinIndex(text, member);
  if (scanLockfile(text, fast)) {
    const { pins, links } = fast instanceof PinIndex ? fast.result() : { pins: fast.pins(), links: fast.links() };
    return withLinks({ kind, packages: pins, errors: [] }, links);
  }
  // The scanner may have delivered part of the file before giving up: start over.
  const tolerant = new PinCollector(member);
  const errors = readTolerantly(text, tolerant);
  return withLinks({ kind, packages: tolerant.pins(), errors }, tolerant.links());
}

/** npm writes lockfileVersion 1 to 3; a file without one is read as v1. Another version is not guessed at. */
function unknownVersion(text: string, kind: string): ParseProblem | undefined {
  const m = /"lockfileVersion"\s*:\s*([^,}\s]+)/.exec(text);
  if (!m || ['1', '2', '3'].includes(m[1])) return undefined;
  const at = m.index + m[0].length - m[1].length;
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  const start = { line, character: at - (before.lastIndexOf('\n') + 1) };
  return { message: `Unknown ${kind} lockfileVersion ${m[1]} (this version reads 1 to 3); it was not read.`, severity: 'error', range: { start, end: { line, character: start.character + m[1].length } } };
}

function withLinks(lockfile: ParsedLockfile, links: Map<string, string>): ParsedLockfile {
  if (links.size > 0) lockfile.links = links;
  return lockfile;
}

/** `packages/app/`, `./packages/app`, `packages\\app` → `packages/app`; the root folder → undefined. */
function normalizeMemberPath(memberPath: string | undefined): string | undefined {
  if (memberPath === undefined) return undefined;
  const path = memberPath.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return path === '' || path === '.' ? undefined : path;
}

/** The slow path for text the scanner refused: tolerant parse, same visitor, problems with ranges. */
function readTolerantly(text: string, visitor: LockVisitor): ParseProblem[] {
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
    return [{ message: 'The lockfile is nested too deeply to read.', severity: 'error', range: { start, end: start } }];
  }
  const errors = jsonProblems(source, jsonErrors, positionAt);
  if (!isObject(value)) {
    errors.push({
      message: 'A lockfile must contain a JSON object.',
      severity: 'error',
      range: { start: positionAt(0), end: positionAt(source.length) },
    });
    return errors;
  }
  const packages = Object.hasOwn(value, 'packages') ? value['packages'] : undefined;
  if (isObject(packages)) {
    visitor.packagesFound();
    for (const [location, raw] of Object.entries(packages)) {
      if (visitor.wants(location)) visitor.packageEntry(location, entryFrom(raw));
    }
  }
  const tree = Object.hasOwn(value, 'dependencies') ? value['dependencies'] : undefined;
  if (isObject(tree)) {
    for (const [name, raw] of Object.entries(tree)) visitor.dependencyEntry(name, entryFrom(raw));
  }
  return errors;
}

function entryFrom(raw: unknown): LockEntry | undefined {
  if (!isObject(raw)) return undefined;
  const entry: LockEntry = {};
  for (const field of ['version', 'name', 'resolved', 'integrity'] as const) {
    const value = Object.hasOwn(raw, field) ? raw[field] : undefined;
    if (typeof value === 'string') entry[field] = value;
  }
  if (raw['link'] === true) entry.link = true;
  return entry;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
