/**
 * What pnpmLock.ts builds the tree from: the few fields of pnpm-lock.yaml it reads, in file order.
 * Two readers fill it: pnpmLockReader.ts straight from the lines (the fast path), and `fromYaml`
 * below from the generic YAML reading (any other file the YAML library reads). A property test
 * (test/unit/parse/pnpmLockReader.property.test.ts) holds the two to the same result.
 */
import type { SkipRule, YamlMap, YamlRead, YamlValue } from './lockYaml';

/** One key of `packages` or `snapshots` (v6: `packages` is both). */
export interface PnpmEntry {
  /** Offsets of the entry's key. */
  start: number;
  end: number;
  name?: string;
  version?: string;
  dev?: string;
  /** `resolution`'s `type`, `integrity` and `tarball`. */
  type?: string;
  integrity?: string;
  tarball?: string;
  /** `dependencies` then `optionalDependencies`, as name, reference, name, reference… */
  deps: string[];
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
  packages: Map<string, PnpmEntry>;
  /** v9's `snapshots`; unused for v6, whose `packages` hold the dependencies. */
  snapshots: Map<string, PnpmEntry>;
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
  const entries = (section: string): Map<string, PnpmEntry> => {
    const out = new Map<string, PnpmEntry>();
    for (const [key, raw] of map(root.get(section))) {
      const entry = map(raw);
      const [start, end] = span(`${section}\n${key}`);
      const resolution = map(entry.get('resolution'));
      const deps: string[] = [];
      for (const field of ['dependencies', 'optionalDependencies']) for (const [dep, ref] of map(entry.get(field))) deps.push(dep, str(ref) ?? '');
      const item: PnpmEntry = { start, end, deps };
      setDefined(item, 'name', str(entry.get('name')));
      setDefined(item, 'version', str(entry.get('version')));
      setDefined(item, 'dev', str(entry.get('dev')));
      setDefined(item, 'type', str(resolution.get('type')));
      setDefined(item, 'integrity', str(resolution.get('integrity')));
      setDefined(item, 'tarball', str(resolution.get('tarball')));
      out.set(key, item);
    }
    return out;
  };
  return {
    ...(str(root.get('lockfileVersion')) !== undefined ? { lockfileVersion: str(root.get('lockfileVersion')) } : {}),
    versionStart,
    versionEnd,
    packages: entries('packages'),
    snapshots: entries('snapshots'),
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

function setDefined<K extends 'name' | 'version' | 'dev' | 'type' | 'integrity' | 'tarball'>(entry: PnpmEntry, key: K, value: string | undefined): void {
  if (value !== undefined) entry[key] = value;
}

const EMPTY: YamlMap = new Map();

export function map(value: YamlValue | undefined): YamlMap {
  return value instanceof Map ? value : EMPTY;
}

export function str(value: YamlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
