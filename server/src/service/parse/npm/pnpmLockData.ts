/**
 * What pnpmLock.ts builds the tree from: the few fields of pnpm-lock.yaml it reads, in file order.
 * Two readers fill it: pnpmLockReader.ts straight from the lines (the fast path), and `fromYaml`
 * below from the generic YAML reading (any other file the YAML library reads). A property test
 * (test/unit/parse/pnpmLockReader.property.test.ts) holds the two to the same result.
 */
import type { SkipRule, YamlMap, YamlRead, YamlValue } from './lockYaml';
import { DepList, KeyTable } from './lockYamlKeys';

/** Per entry, in `PnpmEntries.ints`: offsets of its key, its dependency pairs in the DepList, its tree node. */
const START = 0;
const END = 1;
const DEPS_FROM = 2;
const DEPS_TO = 3;
const OPTIONAL_FROM = 4;
const OPTIONAL_TO = 5;
const NODE = 6;
const INTS = 8;

/** A string field an entry may have (`resolution`'s `type`, `integrity` and `tarball` among them). */
export type PnpmField = 'name' | 'version' | 'dev' | 'type' | 'integrity' | 'tarball';

/**
 * The entries of `packages` or `snapshots` (v6: `packages` is both) in file order, found by key
 * (lockYamlKeys.ts: keys are spans of the text, no string each). Entry i is key i. Its numbers
 * live in one typed array and its few string fields in an array per field, set only where the
 * entry has them: ~60,000 entries in a 10 MB lockfile were as many objects alive until the tree was
 * built, copied by every minor garbage collection (docs/benchmarks.md, issue 14 item 6).
 */
export class PnpmEntries {
  readonly keys: KeyTable;
  private ints = new Int32Array(INTS * 1024);
  private readonly fields: Record<PnpmField, (string | undefined)[]> = { name: [], version: [], dev: [], type: [], integrity: [], tarball: [] };

  constructor(text: string) {
    this.keys = new KeyTable(text);
  }

  get size(): number {
    return this.keys.size;
  }

  /**
   * Adds an entry whose key's own text is [start, end), the key standing at text[keyStart, keyEnd)
   * or given as `key`; its index, or -1 when the key is already there.
   */
  add(start: number, end: number, keyStart: number, keyEnd: number, key?: string): number {
    const index = key === undefined ? this.keys.addSpan(keyStart, keyEnd) : this.keys.addString(key);
    if (index < 0) return -1;
    if (INTS * (index + 1) > this.ints.length) {
      const bigger = new Int32Array(this.ints.length * 2);
      bigger.set(this.ints);
      this.ints = bigger;
    }
    const at = INTS * index;
    this.ints[at + START] = start;
    this.ints[at + END] = end;
    this.ints[at + NODE] = -1;
    return index;
  }

  start(i: number): number {
    return this.ints[INTS * i + START];
  }

  end(i: number): number {
    return this.ints[INTS * i + END];
  }

  /** `dependencies` (optional false) or `optionalDependencies`: pairs [from, to) of the lockfile's DepList. */
  depsFrom(i: number, optional: boolean): number {
    return this.ints[INTS * i + (optional ? OPTIONAL_FROM : DEPS_FROM)];
  }

  depsTo(i: number, optional: boolean): number {
    return this.ints[INTS * i + (optional ? OPTIONAL_TO : DEPS_TO)];
  }

  setDeps(i: number, optional: boolean, from: number, to: number): void {
    this.ints[INTS * i + (optional ? OPTIONAL_FROM : DEPS_FROM)] = from;
    this.ints[INTS * i + (optional ? OPTIONAL_TO : DEPS_TO)] = to;
  }

  /** The tree node entry i became (pnpmLock.ts), -1 until then or when skipped. */
  node(i: number): number {
    return this.ints[INTS * i + NODE];
  }

  setNode(i: number, node: number): void {
    this.ints[INTS * i + NODE] = node;
  }

  field(i: number, field: PnpmField): string | undefined {
    return this.fields[field][i];
  }

  setField(i: number, field: PnpmField, value: string | undefined): void {
    if (value !== undefined || this.fields[field][i] !== undefined) this.fields[field][i] = value;
  }

  /** `resolution`'s fields into entry i. */
  setResolution(i: number, resolution: YamlMap): void {
    this.setField(i, 'type', str(resolution.get('type')));
    this.setField(i, 'integrity', str(resolution.get('integrity')));
    this.setField(i, 'tarball', str(resolution.get('tarball')));
  }
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
      const i = out.add(...span(`${section}\n${key}`), 0, 0, key);
      out.setResolution(i, map(fields.get('resolution')));
      out.setField(i, 'name', str(fields.get('name')));
      out.setField(i, 'version', str(fields.get('version')));
      out.setField(i, 'dev', str(fields.get('dev')));
      const from = deps.size;
      for (const [dep, ref] of map(fields.get('dependencies'))) deps.addStrings(dep, str(ref) ?? '');
      out.setDeps(i, false, from, deps.size);
      const optionalFrom = deps.size;
      for (const [dep, ref] of map(fields.get('optionalDependencies'))) deps.addStrings(dep, str(ref) ?? '');
      out.setDeps(i, true, optionalFrom, deps.size);
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
