/**
 * yarn.lock → the installed tree and the manifest's pins, for yarn classic (v1, its own syntax:
 * yarnV1Reader.ts) and yarn Berry (2+, YAML with `__metadata`: lockYaml.ts).
 *
 * Both key each entry by the descriptors (`name@range`) that resolve to it, and list each entry's
 * dependencies as `name: range`, so an edge is the entry whose header holds `name@range`.
 * - Berry records every workspace as an entry (`app@workspace:packages/app`) whose dependencies are
 *   that member's manifest entries (dependencies and devDependencies together): those are the
 *   importers. Non-registry resolutions (`workspace:`, `link:`, `portal:`, `file:`, git, URLs, user
 *   `patch:`es) are skipped; yarn's own built-in compatibility patches (`optional!builtin<compat/…>`,
 *   applied to typescript, resolve, fsevents) keep the registry package they patch. `checksum` is a
 *   hash of yarn's cache archive, not of the registry tarball, so it is not used as integrity.
 * - Classic does not record importers: the manifest's own `name@specifier` descriptors find them
 *   (`direct`); without them, the importer maps every descriptor `name@specifier` (the resolver looks
 *   a dependency up by that first) and, where the lockfile holds one entry for a name, the name.
 * Dev-only packages: not recorded by either; derived from `direct` (what no production entry reaches).
 */
import type { ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import { normalizeImporter, pinsFromTree } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { readLockYaml } from './lockYaml';
import { BERRY_UNREAD, fromYaml as berryFromYaml, readYarnBerry, type BerryEntryFields, type BerryFields } from './yarnBerryReader';
import { berryLayoutTree } from './yarnBerryTree';
import { classicSkip, readYarnClassicTree } from './yarnClassicReader';
import { readYarnV1 } from './yarnV1Reader';
import { isRegistryVersion } from './registryVersion';

/** A manifest entry, for the importers yarn classic does not record (and the dev flag neither records). */
export interface DirectDescriptor {
  name: string;
  /** The specifier exactly as in package.json. */
  specifier: string;
  dev?: boolean;
}

export interface YarnLockOptions {
  /** The workspace member's folder relative to the lockfile (posix); the root when undefined. */
  memberPath?: string;
  /** The manifest's own entries: importers for classic, the dev flag for both. */
  direct?: readonly DirectDescriptor[];
}

const KNOWN_BERRY = new Set(['3', '4', '5', '6', '7', '8']);

export function parseYarnLock(text: string, options: YarnLockOptions = {}): ParsedLockfile {
  const { tree, errors } = yarnLockTree(text, options);
  return { kind: 'yarn.lock', packages: pinsFromTree(tree, options.memberPath), errors, tree };
}

export function isBerry(text: string): boolean {
  return /^__metadata:/m.test(text);
}

export function yarnLockTree(text: string, options: YarnLockOptions = {}): { tree: DependencyTree; errors: ParseProblem[] } {
  return isBerry(text) ? berryTree(text, options) : classicTree(text, options);
}

/** One entry of either format, reduced to what the tree needs. */
interface Entry {
  descriptors: string[];
  start: number;
  end: number;
  /** The resolved name and version, or why it is not a registry package. */
  resolved: { name: string; version: string; integrity?: string } | { skip: string; name: string };
  deps: [string, string][];
  /** Berry: the workspace folder this entry is, when it is one. */
  workspace?: string;
}

/**
 * `fast`: read the text straight into the tree (yarnClassicReader.ts), falling back to the general
 * reading below for what that reader does not take; false reads the general way only (the reference
 * its property test compares with).
 */
export function classicTree(text: string, options: YarnLockOptions, fast = true) {
  if (fast && !(/^# yarn lockfile v(\d+)/m.test(text) && !/^# yarn lockfile v1\b/m.test(text))) {
    const tree = readYarnClassicTree(text, options, new TreeBuilder('yarn.lock', text, 'npm'));
    if (tree !== undefined) return { tree, errors: [] };
  }
  const builder = new TreeBuilder('yarn.lock', text, 'npm');
  const errors: ParseProblem[] = [];
  const { entries, problems } = readYarnV1(text);
  for (const p of problems) errors.push({ message: p.message, severity: 'error', range: builder.range(p.start, p.end) });
  if (entries.length === 0 && errors.length === 0 && !/^# yarn lockfile v1\b/m.test(text)) {
    // yarn writes its header even with no dependencies: without it the file is not a lockfile yet.
    errors.push({ message: text.trim() === '' ? 'yarn.lock is empty.' : 'yarn.lock holds no entries that could be read.', severity: 'error', range: builder.range(0, 0) });
  }
  if (/^# yarn lockfile v(\d+)/m.test(text) && !/^# yarn lockfile v1\b/m.test(text)) {
    errors.push({ message: 'Unknown yarn lockfile version (this version reads classic v1 and Berry); it was not read.', severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(), errors };
  }
  const list: Entry[] = entries.map((e) => {
    const first = e.descriptors[0];
    const { name: key, range } = splitDescriptor(first);
    const alias = range.startsWith('npm:') ? splitDescriptor(range.slice(4)) : undefined;
    const name = alias ? alias.name : key;
    const version = e.fields.get('version');
    const resolvedUrl = e.fields.get('resolved');
    const why = classicSkip(range, version, resolvedUrl);
    const deps = [...e.dependencies, ...e.optionalDependencies];
    if (why !== undefined || version === undefined) return { descriptors: e.descriptors, start: e.start, end: e.end, resolved: { skip: why ?? 'no version', name: key }, deps };
    const integrity = e.fields.get('integrity');
    return { descriptors: e.descriptors, start: e.start, end: e.end, resolved: integrity ? { name, version, integrity } : { name, version }, deps };
  });
  return { tree: assemble(builder, list, options, false), errors };
}

/**
 * `fast`: read the lines straight into the entries (yarnBerryReader.ts) and the tree from them
 * (yarnBerryTree.ts), falling back to the generic YAML reading and `assemble` for what that reader
 * does not take; false reads through the generic path only (the reference its property test
 * compares with).
 */
export function berryTree(text: string, options: YarnLockOptions, fast = true) {
  const builder = new TreeBuilder('yarn.lock', text, 'npm');
  const errors: ParseProblem[] = [];
  const layout = fast ? readYarnBerry(text) : undefined;
  let fields: BerryFields | undefined;
  if (layout === undefined) {
    const { read, errors: yamlErrors } = readLockYaml(text, BERRY_UNREAD);
    if (!read) {
      for (const e of yamlErrors) errors.push({ message: `yarn.lock: ${e.message}`, severity: 'error', range: builder.range(e.start, e.end) });
      return { tree: builder.build(), errors };
    }
    fields = berryFromYaml(read);
  }
  const { version, metadataStart, metadataEnd } = layout ?? (fields as BerryFields);
  if (version === undefined || !KNOWN_BERRY.has(version)) {
    errors.push({ message: `Unknown yarn Berry lockfile version ${version ?? '(none)'} (this version reads 3 to 8); it was not read.`, severity: 'error', range: builder.range(metadataStart, metadataEnd) });
    return { tree: builder.build(), errors };
  }
  if (layout !== undefined) return { tree: berryLayoutTree(builder, layout, options), errors };
  const list: Entry[] = (fields as BerryFields).entries.map(berryEntry);
  return { tree: assemble(builder, list, options, true), errors };
}

function berryEntry({ header, start, end, resolution, version, deps }: BerryEntryFields): Entry {
  const resolved = berryResolution(resolution, version);
  const item: Entry = { descriptors: header.split(',').map((d) => d.trim()), start, end, resolved, deps };
  if (resolved.workspace !== undefined) item.workspace = resolved.workspace;
  return item;
}

/** What a Berry entry's `resolution` and `version` make of it: a registry package, or why not (and the workspace it is, when one). */
export function berryResolution(raw: string | undefined, v: string | undefined): { name: string; version: string; workspace?: undefined } | { skip: string; name: string; workspace?: string } {
  const { name, range } = splitDescriptor(raw ?? '');
  if (range.startsWith('workspace:')) return { skip: 'workspace member', name, workspace: normalizeImporter(range.slice('workspace:'.length)) };
  if (range.startsWith('npm:') && v !== undefined && isRegistryVersion(v)) return { name, version: v };
  if (range.startsWith('patch:') && /builtin<compat\//.test(range)) {
    const decoded = decodedPatchSource(range);
    const inner = decoded === undefined ? undefined : splitDescriptor(decoded);
    return inner?.range.startsWith('npm:') && v !== undefined ? { name: inner.name, version: v } : { skip: 'patched package (patch:)', name };
  }
  return { skip: berrySkip(range), name };
}

/** The descriptor a yarn builtin patch applies to (`patch:<percent-encoded descriptor>#…`); undefined when its encoding is broken (then it is only a patched package). */
function decodedPatchSource(range: string): string | undefined {
  try {
    return decodeURIComponent(range.slice('patch:'.length).split('#')[0]);
  } catch {
    return undefined;
  }
}

/** Nodes, edges and importers from either format's entries. */
function assemble(builder: TreeBuilder, list: Entry[], options: YarnLockOptions, berry: boolean): DependencyTree {
  const byDescriptor = new Map<string, number>();
  list.forEach((entry, i) => {
    for (const d of entry.descriptors) {
      byDescriptor.set(d, i);
      const bound = d.indexOf('::'); // Berry binds file:/portal: descriptors to their parent: `x@file:./x::locator=…`
      if (bound > 0 && !byDescriptor.has(d.slice(0, bound))) byDescriptor.set(d.slice(0, bound), i);
    }
  });
  const nodeOf: (NodeIndex | undefined)[] = list.map((entry) => {
    if ('skip' in entry.resolved) {
      if (entry.workspace === undefined) builder.skip(entry.resolved.name, entry.resolved.skip, entry.start, entry.end);
      return undefined;
    }
    const { name, version, integrity } = entry.resolved;
    return builder.addNode(name, version, { integrity, start: entry.start, end: entry.end });
  });
  const lookup = (name: string, range: string): number | undefined => {
    const exact = byDescriptor.get(`${name}@${range}`);
    if (exact !== undefined || !berry) return exact;
    // Berry normalises bare ranges in manifests to `npm:` descriptors.
    return byDescriptor.get(`${name}@npm:${range}`);
  };
  list.forEach((entry, i) => {
    const from = nodeOf[i];
    if (from === undefined) return;
    for (const [dep, range] of entry.deps) {
      const to = lookup(dep, range);
      if (to !== undefined && nodeOf[to] !== undefined) builder.addEdge(from, nodeOf[to]);
    }
  });
  const production: NodeIndex[] = [];
  const devNames = new Set((options.direct ?? []).filter((d) => d.dev === true).map((d) => d.name));
  const addDirect = (importer: string, name: string, range: string, start: number, end: number) => {
    const target = lookup(name, range);
    const node = target === undefined ? undefined : nodeOf[target];
    if (node === undefined) {
      const reason = target === undefined ? `not in the lockfile (${name}@${range})` : (list[target].resolved as { skip: string }).skip;
      builder.skip(name, reason, target === undefined ? start : list[target].start, target === undefined ? end : list[target].end, importer);
      return;
    }
    builder.direct(importer, name, node);
    if (!devNames.has(name)) production.push(node);
  };
  const member = normalizeImporter(options.memberPath);
  if (berry) {
    list.forEach((entry) => {
      if (entry.workspace === undefined) return;
      builder.importer(entry.workspace);
      for (const [dep, range] of entry.deps) addDirect(entry.workspace, dep, range, entry.start, entry.end);
    });
  } else {
    builder.importer(member);
    if (options.direct) for (const d of options.direct) addDirect(member, d.name, d.specifier, 0, 0);
    else {
      // Without the manifest: every descriptor (`name@specifier`, which is how the manifest's own
      // entry is written) and, where the lockfile holds a single entry for a name, the bare name.
      const byName = new Map<string, number[]>();
      list.forEach((entry, i) => {
        const node = nodeOf[i];
        if (node === undefined) return;
        for (const d of entry.descriptors) builder.direct(member, d, node);
        const key = splitDescriptor(entry.descriptors[0]).name;
        byName.set(key, [...(byName.get(key) ?? []), i]);
      });
      for (const [name, indices] of byName) if (indices.length === 1) builder.direct(member, name, nodeOf[indices[0]] as NodeIndex);
    }
  }
  if (options.direct) builder.deriveDev(production);
  return builder.build();
}

/** `@scope/name@range` → name and range (the first `@` after the first character). */
export function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  return at < 0 ? { name: descriptor, range: '' } : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

function berrySkip(range: string): string {
  if (range.startsWith('patch:')) return 'patched package (patch:)';
  if (range.startsWith('portal:')) return 'portal to a local folder';
  if (range.startsWith('link:')) return 'link to a local folder';
  if (range.startsWith('file:')) return 'local path';
  if (/^(git|github|gitlab|bitbucket)[:+]|\.git#/.test(range)) return 'git source';
  if (/^https?:/.test(range)) return 'URL source';
  return `not a registry package (${range.split(':')[0]}:)`;
}
