/**
 * pnpm-lock.yaml (lockfileVersion 6.x and 9.x) → the installed tree and the importers' pins.
 *
 * - `importers`: one per workspace member (`.` is the root); each dependency section maps a name to
 *   `{ specifier, version }`, where `version` is `1.2.3`, `1.2.3(peer@4.5.6)` (a peer variant),
 *   `lodash@4.17.21` (an `npm:` alias), `link:../lib` (a workspace member or local folder) or a
 *   non-registry reference (`file:…`, a tarball URL, a git host path).
 * - v9: `packages` holds each name@version once (resolution, integrity); `snapshots` holds each
 *   installed variant (`name@1.2.3(peer@4.5.6)`) with its resolved `dependencies`. Dev-only is not
 *   recorded, so it is derived: what no importer's production dependencies reach.
 * - v6: `packages` keys are `/name@version(peers)` and hold resolution, dependencies and `dev`.
 * Packages whose resolution is a git repository, a directory or whose version is not a registry
 * version (`file:`, tarball URLs) are skipped, never looked up. `catalogs` needs nothing here: pnpm
 * writes the version each `catalog:` specifier resolved to into the importer.
 */
import type { ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import { normalizeImporter, pinsFromTree } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { readLockYaml } from './lockYaml';
import { fromYaml, PNPM_UNREAD, SECTIONS, type PnpmEntries, type PnpmField, type PnpmImporter, type PnpmLockData } from './pnpmLockData';
import { readPnpmLock } from './pnpmLockReader';
import { isRegistryVersion } from './registryVersion';

export function parsePnpmLock(text: string, memberPath?: string): ParsedLockfile {
  const { tree, errors } = pnpmLockTree(text);
  return { kind: 'pnpm-lock.yaml', packages: pinsFromTree(tree, memberPath), errors, tree };
}

/**
 * `fast`: read the lines straight into the entries (pnpmLockReader.ts), falling back to the generic
 * YAML reading for what that reader does not take; false reads through the generic path only (the
 * reference its property test compares with).
 */
export function pnpmLockTree(text: string, fast = true): { tree: DependencyTree; errors: ParseProblem[] } {
  const builder = new TreeBuilder('pnpm-lock.yaml', text, 'npm');
  const errors: ParseProblem[] = [];
  let data = fast ? readPnpmLock(text) : undefined;
  if (data === undefined) {
    const { read, errors: yamlErrors } = readLockYaml(text, PNPM_UNREAD);
    if (!read) {
      for (const e of yamlErrors) errors.push({ message: `pnpm-lock.yaml: ${e.message}`, severity: 'error', range: builder.range(e.start, e.end) });
      return { tree: builder.build(), errors };
    }
    data = fromYaml(read);
  }
  return { tree: buildTree(builder, data, errors), errors };
}

/** The tree from what either reader read (pnpmLockData.ts). */
function buildTree(builder: TreeBuilder, data: PnpmLockData, errors: ParseProblem[]): DependencyTree {
  const fail = (message: string, start = 0, end = 0) => {
    errors.push({ message, severity: 'error', range: builder.range(start, end) });
    return builder.build();
  };
  const version = data.lockfileVersion;
  if (version === undefined) return fail('pnpm-lock.yaml has no lockfileVersion; it was not read.');
  const major = /^(\d+)\./.exec(version)?.[1];
  if (major !== '6' && major !== '9') return fail(`Unknown pnpm lockfileVersion '${version}' (this version reads 6.x and 9.x); it was not read.`, data.versionStart, data.versionEnd);
  const v9 = major === '9';
  const packages = data.packages;
  const snapshots = v9 ? data.snapshots : packages;

  // Nodes: one per installed variant (v9: its fields are its `packages` entry's, when it has one).
  // Keys are read where they stand (lockYamlKeys.ts): name and version are the only strings made.
  const keys = snapshots.keys;
  for (let i = 0; i < snapshots.size; i++) {
    const source = keys.sourceOf(i);
    const keyStart = keys.startOf(i) + (!v9 && source.charCodeAt(keys.startOf(i)) === SLASH ? 1 : 0);
    const keyEnd = keys.endOf(i);
    // Searched within the key only: the text's next `(` may be megabytes away.
    const baseEnd = indexIn(source, OPEN_PAREN, keyStart, keyEnd);
    const at = indexIn(source, AT_SIGN, keyStart + 1, baseEnd);
    const hasId = at < baseEnd;
    // The entry whose fields count: v9's `packages` entry of the key without its peers (-1: none), v6's own.
    // pnpm writes `packages` and `snapshots` in the same order: entry i is tried before a lookup.
    const info = !v9 ? i : packages.keys.is(i, source, keys.startOf(i), baseEnd) ? i : packages.keys.find(source, keys.startOf(i), baseEnd);
    const start = info < 0 ? snapshots.start(i) : packages.start(info);
    const end = info < 0 ? snapshots.end(i) : packages.end(info);
    const realVersion = fieldOf(packages, info, 'version') ?? (hasId ? source.slice(at + 1, baseEnd) : undefined);
    const why = notRegistry(fieldOf(packages, info, 'type'), fieldOf(packages, info, 'tarball'), realVersion);
    if (!hasId || realVersion === undefined || why !== undefined) {
      builder.skip(hasId ? source.slice(keyStart, at) : keys.key(i), why ?? 'unreadable package key', start, end);
      continue;
    }
    const node = builder.addNode(fieldOf(packages, info, 'name') ?? source.slice(keyStart, at), realVersion, { dev: !v9 && snapshots.field(i, 'dev') === 'true', integrity: fieldOf(packages, info, 'integrity'), start, end });
    snapshots.setNode(i, node);
  }
  /**
   * The tree node of the snapshot a dependency reference `name` → `ref` points at (each given as a
   * span of a string, the lockfile text for most); -1 when none, -2 when it is not a node.
   */
  const target = (name: string, nameStart: number, nameEnd: number, ref: string, refStart: number, refEnd: number): number => {
    // The usual v9 reference is a version (`1.2.3`, `1.2.3(peer@1.0.0)`): refKeys' first two
    // candidates without building their strings (~100,000 edges in a 10 MB lockfile).
    let found = -1;
    if (v9 && isDigit(ref.charCodeAt(refStart))) {
      found = keys.findPair(name, nameStart, nameEnd, ref, refStart, refEnd);
      if (found < 0) found = keys.find(ref, refStart, refEnd);
    } else {
      for (const candidate of refKeys(name.slice(nameStart, nameEnd), ref.slice(refStart, refEnd), v9)) {
        found = keys.findString(candidate);
        if (found >= 0) break;
      }
    }
    if (found < 0) return -1;
    const node = snapshots.node(found);
    return node < 0 ? -2 : node;
  };
  const deps = data.deps;
  const text = deps.text;
  const targets: NodeIndex[] = [];
  for (let i = 0; i < snapshots.size; i++) {
    const node = snapshots.node(i);
    if (node < 0) continue;
    let count = 0;
    for (let pass = 0; pass < 2; pass++) {
      const optional = pass === 1;
      for (let k = snapshots.depsFrom(i, optional), to = snapshots.depsTo(i, optional); k < to; k++) {
        let dep: number;
        if (deps.isSpan(k)) dep = target(text, deps.span(k, 0), deps.span(k, 1), text, deps.span(k, 2), deps.span(k, 3));
        else {
          const name = deps.name(k);
          const ref = deps.ref(k);
          dep = target(name, 0, name.length, ref, 0, ref.length);
        }
        if (dep >= 0) targets[count++] = dep;
      }
    }
    if (count > 0) builder.addEdges(node, edgeArray(targets, count));
  }

  // Importers: what each workspace member's manifest entries resolve to.
  const production: NodeIndex[] = [];
  const addImporter = ({ folder: raw, sections, start, end }: PnpmImporter) => {
    const folder = normalizeImporter(raw);
    builder.importer(folder);
    sections.forEach((list, field) => {
      for (let i = 0; i < list.length; i += 2) {
        const dep = list[i];
        const ref = list[i + 1];
        if (ref.startsWith('link:')) {
          builder.skip(dep, `workspace member or local folder (${ref})`, start, end, folder);
          continue;
        }
        const index = target(dep, 0, dep.length, ref, 0, ref.length);
        if (index < 0) {
          builder.skip(dep, index === -1 ? `not in the lockfile's packages (${ref})` : 'not a registry package', start, end, folder);
          continue;
        }
        builder.direct(folder, dep, index);
        if (SECTIONS[field] !== 'devDependencies') production.push(index);
      }
    });
  };
  if (data.importers.length > 0) data.importers.forEach(addImporter);
  else addImporter(data.root); // a lockfile without workspaces keeps the root's sections at the top
  if (v9) builder.deriveDev(production);
  return builder.build();
}

/** Where a dependency reference may point: `name@ref`, or `ref` itself for aliases and non-registry keys. */
function refKeys(name: string, ref: string, v9: boolean): string[] {
  const aliased = /^(@[^/@]+\/)?[^@(]+@/.test(ref) && !/^\d/.test(ref);
  const keys = aliased ? [ref, `${name}@${ref}`] : [`${name}@${ref}`, ref];
  return v9 ? keys : [...keys.map((k) => `/${k}`), ...keys];
}

function notRegistry(type: string | undefined, tarball: string | undefined, version: string | undefined): string | undefined {
  if (type === 'git') return 'git source';
  if (type === 'directory') return 'local folder';
  if (type !== undefined) return `${type} source`;
  if (version === undefined) return 'no version';
  if (version.startsWith('file:')) return 'local path';
  if (/^https?:/.test(version)) return 'URL source';
  if (!isRegistryVersion(version)) return `not a registry version (${version})`;
  if (tarball !== undefined && tarball.startsWith('file:')) return 'local path';
  return undefined;
}

/**
 * targets[0, count) as a new array of that length. Up to four as array literals: each is then one
 * allocation of the exact size (adding edges one by one made two arrays per node that die at once),
 * and a literal's allocation site lets V8 allocate those that live on (all of them: the tree keeps
 * them) outside the young generation instead of copying them at every minor collection (`slice`
 * gives no such site; docs/benchmarks.md, "Findings: pnpm-lock.yaml, third pass").
 */
function edgeArray(targets: NodeIndex[], count: number): NodeIndex[] {
  switch (count) {
    case 1:
      return [targets[0]];
    case 2:
      return [targets[0], targets[1]];
    case 3:
      return [targets[0], targets[1], targets[2]];
    case 4:
      return [targets[0], targets[1], targets[2], targets[3]];
    default:
      return targets.slice(0, count);
  }
}

/** A field of entry i, none for -1. */
function fieldOf(entries: PnpmEntries, i: number, field: PnpmField): string | undefined {
  return i < 0 ? undefined : entries.field(i, field);
}

const SLASH = 0x2f;
const OPEN_PAREN = 0x28;
const AT_SIGN = 0x40;

/** The first `code` in source[from, to), or `to`. */
function indexIn(source: string, code: number, from: number, to: number): number {
  let i = from;
  while (i < to && source.charCodeAt(i) !== code) i++;
  return i;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
