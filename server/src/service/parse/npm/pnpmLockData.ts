/**
 * What pnpmLock.ts builds the tree from: the few fields of pnpm-lock.yaml it reads, in file order.
 * Two readers fill it: pnpmLockReader.ts straight from the lines (the fast path), and `fromYaml`
 * below from the generic YAML reading (any other file the YAML library reads). A property test
 * (test/unit/parse/pnpmLockReader.property.test.ts) holds the two to the same result.
 */
import type { SkipRule, YamlMap, YamlRead, YamlValue } from './lockYaml';
import { DepList, KeyTable } from './lockYamlKeys';

/**
 * One key of `packages` or `snapshots` (v6: `packages` is both) and the fields read of it. Every
 * entry has every field (one shape for all of them).
 */
export interface PnpmEntry {
  /** Offsets of the entry's key. */
  start: number;
  end: number;
  name: string | undefined;
  version: string | undefined;
  dev: string | undefined;
  /** `resolution`'s `type`, `integrity` and `tarball`. */
  type: string | undefined;
  integrity: string | undefined;
  tarball: string | undefined;
  /** `dependencies`, then `optionalDependencies`: pairs [from, to) of the lockfile's DepList. */
  depsFrom: number;
  depsTo: number;
  optionalFrom: number;
  optionalTo: number;
  /** The tree node it became (pnpmLock.ts), -1 until then or when skipped. */
  node: number;
}

export function newEntry(start: number, end: number): PnpmEntry {
  return { start, end, name: undefined, version: undefined, dev: undefined, type: undefined, integrity: undefined, tarball: undefined, depsFrom: 0, depsTo: 0, optionalFrom: 0, optionalTo: 0, node: -1 };
}

/**
 * The entries of `packages` or `snapshots` in file order, found by key (lockYamlKeys.ts: keys are
 * spans of the text, no string each): `list[i]` is the entry of key i.
 */
export class PnpmEntries {
  readonly keys: KeyTable;
  readonly list: PnpmEntry[] = [];

  constructor(text: string) {
    this.keys = new KeyTable(text);
  }

  /** Adds the entry under the key at text[start, end), or under `key` when given; false when the key is already there. */
  add(entry: PnpmEntry, start: number, end: number, key?: string): boolean {
    const index = key === undefined ? this.keys.addSpan(start, end) : this.keys.addString(key);
    if (index < 0) return false;
    this.list.push(entry);
    return true;
  }
}

/** `resolution`'s fields into the entry. */
export function setResolution(entry: PnpmEntry, resolution: YamlMap): void {
  entry.type = str(resolution.get('type'));
  entry.integrity = str(resolution.get('integrity'));
  entry.tarball = str(resolution.get('tarball'));
}

/** An importer (workspace member) or, without importers, the root's own sections. */
export interface PnpmImporter {
  /** As the lockfile writes it (`.`, `packages/app`). */
  folder: string;
  start: number;
  end: number;
  /** Per section (dependencies, optionalDependencies, devDependencies): name, reference, name, reference… */
  sections: [string[], string[], string[]];
}

export interface PnpmLockData {
  lockfileVersion?: string;
  versionStart: number;
  versionEnd: number;
  packages: PnpmEntries;
  /** v9's `snapshots`; unused for v6, whose `packages` hold the dependencies. */
  snapshots: PnpmEntries;
  /** The dependencies of both. */
  deps: DepList;
  importers: PnpmImporter[];
  /** The root's own dependency sections, read when there are no importers. */
  root: PnpmImporter;
}

/**
 * Fields of `packages` and `snapshots` entries nobody reads: jumped over unread by the scanner. Only
 * there: a dependency named `os` or `bin` (both on the npm registry) is read wherever it is listed.
 */
export const PNPM_UNREAD: SkipRule = {
  keys: new Set(['engines', 'cpu', 'os', 'libc', 'bin', 'peerDependencies', 'peerDependenciesMeta', 'transitivePeerDependencies', 'deprecated', 'hasBin', 'funding']),
  depth: 2,
  under: new Set(['packages', 'snapshots']),
};

export const SECTIONS = ['dependencies', 'optionalDependencies', 'devDependencies'] as const;

/** The reference an importer's dependency gives: `version` of `{specifier, version}`, or the value itself (v5 style). */
export function importerRef(raw: YamlValue): string {
  return str(map(raw).get('version')) ?? str(raw) ?? '';
}

export function fromYaml({ root, keySpans }: YamlRead): PnpmLockData {
  const span = (key: string): [number, number] => keySpans.get(key) ?? [0, 0];
  const [versionStart, versionEnd] = span('lockfileVersion');
  const deps = new DepList('');
  const entries = (section: string): PnpmEntries => {
    const out = new PnpmEntries('');
    for (const [key, raw] of map(root.get(section))) {
      const fields = map(raw);
      const entry = newEntry(...span(`${section}\n${key}`));
      out.add(entry, 0, 0, key);
      setResolution(entry, map(fields.get('resolution')));
      entry.name = str(fields.get('name'));
      entry.version = str(fields.get('version'));
      entry.dev = str(fields.get('dev'));
      entry.depsFrom = deps.size;
      for (const [dep, ref] of map(fields.get('dependencies'))) deps.addStrings(dep, str(ref) ?? '');
      entry.depsTo = entry.optionalFrom = deps.size;
      for (const [dep, ref] of map(fields.get('optionalDependencies'))) deps.addStrings(dep, str(ref) ?? '');
      entry.optionalTo = deps.size;
    }
    return out;
  };
  return {
    ...(str(root.get('lockfileVersion')) !== undefined ? { lockfileVersion: str(root.get('lockfileVersion')) } : {}),
    versionStart,
    versionEnd,
    packages: entries('packages'),
    snapshots: entries('snapshots'),
    deps,
    importers: [...map(root.get('importers'))].map(([folder, raw]) => importerOf(folder, map(raw), ...span(`importers\n${folder}`))),
    root: importerOf('', root, 0, 0),
  };
}

/** An importer's sections from its mapping (importers are small: both readers read them as Maps). */
export function importerOf(folder: string, entry: YamlMap, start: number, end: number): PnpmImporter {
  const section = (field: string): string[] => {
    const out: string[] = [];
    for (const [dep, raw] of map(entry.get(field))) out.push(dep, importerRef(raw));
    return out;
  };
  return { folder, start, end, sections: [section(SECTIONS[0]), section(SECTIONS[1]), section(SECTIONS[2])] };
}

const EMPTY: YamlMap = new Map();

export function map(value: YamlValue | undefined): YamlMap {
  return value instanceof Map ? value : EMPTY;
}

export function str(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
