/**
 * What the three Python lockfile parsers share: plain-value access to the TOML (positions are only
 * needed for problems), sha256 extraction, and the keyed package map.
 */
import type { LockedPackage, ParsedLockfile, ParseProblem } from '../../model';
import type { PyTomlLockKind } from './lockfileValues';
import { privateIndex } from './projectIndex';
import type { TomlValues } from './toml';

export type Plain = Record<string, unknown>;

export function isTable(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A string field's value; a blank one (`version = ""`) counts as absent, so no pin or tree node is nameless or versionless. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

export function tables(value: unknown): Plain[] {
  return Array.isArray(value) ? value.filter(isTable) : [];
}

/** `sha256:ABC…` (or a bare digest when `prefixed` is false) → lower-case hex; other algorithms → undefined. */
export function sha256(value: unknown, prefixed = true): string | undefined {
  if (typeof value !== 'string') return undefined;
  // What lockfiles write (no surrounding space, lower case) is checked in place and returned without
  // building a match or a new string: a 10 MB lockfile has ~60,000 digests, read by the pins and the tree,
  // and a regular expression cost ~0.6 µs each on these substrings of the file (docs/benchmarks.md).
  const from = prefixed ? 7 : 0;
  if (value.length === from + 64 && (!prefixed || value.startsWith('sha256:'))) {
    const hex = hexDigits(value, from);
    if (hex === LOWER) return prefixed ? value.slice(7) : value;
    if (hex === MIXED) return (prefixed ? value.slice(7) : value).toLowerCase();
  }
  const m = (prefixed ? /^sha256:([0-9a-fA-F]{64})$/ : /^([0-9a-fA-F]{64})$/).exec(value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

const NOT_HEX = 0;
const LOWER = 1;
const MIXED = 2;

/** Whether `value` from `from` on is hex digits, and whether any is upper case. */
function hexDigits(value: string, from: number): number {
  let upper = false;
  for (let i = from; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) continue;
    if (c >= 0x41 && c <= 0x46) upper = true;
    else return NOT_HEX;
  }
  return upper ? MIXED : LOWER;
}

/** Reads one file table's digest (undefined: none, or not sha256). */
export type FileDigest = (file: Plain) => string | undefined;

/**
 * Collects one package's digests; what a package keeps is a copy of the exact length (a pushed-to
 * array reserves ~16 slots, and every node and pin of a 10 MB lockfile keeps its array).
 */
const found: string[] = [];

/** The digests of `files` (each read by `digest`), each once, in order, in an array of their own. */
export function fileDigests(files: unknown, digest: FileDigest): string[] {
  found.length = 0;
  collect(files, digest);
  return uniqueCopy(found);
}

/** The digests of a package's `sdist` table and then of its `wheels` tables, as uv.lock and pylock.toml write them. */
export function distributionDigests(pkg: Plain, digest: FileDigest): string[] {
  found.length = 0;
  if (isTable(pkg.sdist)) {
    const hash = digest(pkg.sdist);
    if (hash !== undefined) found.push(hash);
  }
  collect(pkg.wheels, digest);
  return uniqueCopy(found);
}

function collect(files: unknown, digest: FileDigest): void {
  if (!Array.isArray(files)) return;
  for (const file of files) {
    if (!isTable(file)) continue;
    const hash = digest(file);
    if (hash !== undefined) found.push(hash);
  }
}

/** `list` without repeats, in order, as a new array; a short list is compared in place rather than through a Set. */
function uniqueCopy(list: readonly string[]): string[] {
  if (list.length > 32) return [...new Set(list)];
  for (let i = 1; i < list.length; i++) if (list.indexOf(list[i]) !== i) return list.filter((item, at) => list.indexOf(item) === at);
  return list.slice();
}

/** privateIndex (projectIndex.ts), remembering its last answer: a lockfile names the same index for most packages. */
export function privateIndexes(): (url: string | undefined) => string | undefined {
  let lastUrl: string | undefined;
  let lastAnswer: string | undefined;
  return (url) => {
    if (url === undefined) return undefined;
    if (url !== lastUrl) {
      lastUrl = url;
      lastAnswer = privateIndex(url);
    }
    return lastAnswer;
  };
}

/** Appends `node` to `key`'s list in `byName`. */
export function addTo<T>(byName: Map<string, T[]>, key: string, node: T): void {
  const list = byName.get(key);
  if (list === undefined) byName.set(key, [node]);
  else list.push(node);
}

export class LockfileBuilder {
  private readonly packages = new Map<string, LockedPackage>();
  private readonly variants = new Map<string, LockedPackage[]>();
  private readonly errors: ParseProblem[];
  private headers: number[] | undefined;

  constructor(
    private readonly kind: PyTomlLockKind,
    private readonly text: string,
    private readonly values: TomlValues,
  ) {
    this.errors = values.errors.map((e) => ({ message: e.message, range: values.range(e.start, e.end), severity: 'error' }));
  }

  /** Drops every pin and warning recorded so far (an unknown format version found at the end of the file). */
  clear(): void {
    this.packages.clear();
    this.variants.clear();
    this.errors.length = this.values.errors.length;
  }

  /**
   * Records a pin under its PEP 503 name `key`. When a lockfile holds several versions of one name
   * (Poetry entries with different markers, uv forks), `packages` keeps the first and `variants` all
   * of them, in lockfile order, so each manifest entry can get the one that satisfies its own
   * constraint (resolve/lockPin.ts). `hashes` is kept as given: distinct digests, as `fileDigests`
   * returns them, in the array the package's tree node holds too (pyLockRead.ts; neither is changed
   * after the read).
   */
  add(key: string, version: string, hashes: string[]): void {
    const pin: LockedPackage = { registry: 'pypi', name: key, version, hashes };
    const first = this.packages.get(key);
    if (first === undefined) {
      this.packages.set(key, pin);
      return;
    }
    const list = this.variants.get(key) ?? [first];
    if (!list.some((p) => p.version === version)) list.push(pin);
    if (list.length > 1) this.variants.set(key, list);
  }

  /**
   * Whether the file's format version (`value`, absent in old files) has a major version this reader
   * knows; otherwise an error at the `key = …` line, and the file is not read (docs/formats/tree.md).
   */
  knownVersion(key: string, value: unknown, majors: readonly string[]): boolean {
    if (value === undefined) return true;
    const written = typeof value === 'string' ? value : JSON.stringify(value);
    if (majors.includes(written.split('.')[0])) return true;
    const m = new RegExp(`^[ \\t]*${key.replace(/[-.]/g, '\\$&')}[ \\t]*=`, 'm').exec(this.text);
    const at = m?.index ?? 0;
    const eol = this.text.indexOf('\n', at);
    this.errors.push({ message: `Unknown ${this.kind} ${key} ${written} (this version reads ${majors.map((m) => `${m}.x`).join(', ')}); it was not read.`, range: this.values.range(at, eol < 0 ? this.text.length : eol), severity: 'error' });
    return false;
  }

  /** A warning at the `n`-th header line of the given array of tables (`[[package]]`). */
  warnAt(header: string, n: number, message: string): void {
    this.headers ??= [...this.text.matchAll(new RegExp(`^[ \\t]*\\[\\[[ \\t]*${header}[ \\t]*\\]\\]`, 'gm'))].map((m) => m.index);
    const at = this.headers[n] ?? 0;
    const end = this.text.indexOf(']]', at);
    this.errors.push({ message, range: this.values.range(at, end < 0 ? at : end + 2), severity: 'warning' });
  }

  result(): ParsedLockfile {
    const result: ParsedLockfile = { kind: this.kind, packages: this.packages, errors: this.errors };
    if (this.variants.size > 0) result.variants = this.variants;
    return result;
  }
}
