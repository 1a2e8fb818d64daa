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
import { fromYaml, newEntry, PNPM_UNREAD, SECTIONS, type PnpmEntry, type PnpmImporter, type PnpmLockData } from './pnpmLockData';
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
  for (const [key, entry] of snapshots) {
    const id = parseKey(v9 ? key : key.replace(/^\//, ''));
    const inPackages = v9 ? packages.get(baseKey(key)) : entry;
    const info = inPackages ?? NO_ENTRY;
    const { start, end } = inPackages ?? entry;
    const realVersion = info.version ?? id?.version;
    const why = notRegistry(info, realVersion);
    if (!id || realVersion === undefined || why !== undefined) {
      builder.skip(id?.name ?? key, why ?? 'unreadable package key', start, end);
      continue;
    }
    entry.node = builder.addNode(info.name ?? id.name, realVersion, { dev: !v9 && entry.dev === 'true', integrity: info.integrity, start, end });
  }
  /** The snapshot a dependency reference points at, or undefined. */
  const target = (name: string, ref: string): PnpmEntry | undefined => {
    // The usual v9 reference is a version (`1.2.3`, `1.2.3(peer@1.0.0)`): refKeys' first two
    // candidates without building its list (~100,000 edges in a 10 MB lockfile).
    if (v9 && isDigit(ref.charCodeAt(0))) return snapshots.get(`${name}@${ref}`) ?? snapshots.get(ref);
    for (const candidate of refKeys(name, ref, v9)) {
      const entry = snapshots.get(candidate);
      if (entry !== undefined) return entry;
    }
    return undefined;
  };
  const deps = data.deps;
  const edges = (node: NodeIndex, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const dep = target(deps.name(i), deps.ref(i));
      if (dep !== undefined && dep.node >= 0) builder.addEdge(node, dep.node);
    }
  };
  for (const entry of snapshots.values()) {
    if (entry.node < 0) continue;
    edges(entry.node, entry.depsFrom, entry.depsTo);
    edges(entry.node, entry.optionalFrom, entry.optionalTo);
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
        const to = target(dep, ref);
        const index = to === undefined ? -1 : to.node;
        if (index < 0) {
          builder.skip(dep, to === undefined ? `not in the lockfile's packages (${ref})` : 'not a registry package', start, end, folder);
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

/** `name@1.2.3(peer@1.0.0)` → name and version; scoped names keep their first `@`. */
export function parseKey(key: string): { name: string; version: string } | undefined {
  const base = baseKey(key);
  const at = base.indexOf('@', 1);
  if (at <= 0) return undefined;
  return { name: base.slice(0, at), version: base.slice(at + 1) };
}

/** The key without its peer suffix: `a@1.0.0(b@2.0.0)(c@3.0.0)` → `a@1.0.0`. */
function baseKey(key: string): string {
  const paren = key.indexOf('(');
  return paren < 0 ? key : key.slice(0, paren);
}

/** Where a dependency reference may point: `name@ref`, or `ref` itself for aliases and non-registry keys. */
function refKeys(name: string, ref: string, v9: boolean): string[] {
  const aliased = /^(@[^/@]+\/)?[^@(]+@/.test(ref) && !/^\d/.test(ref);
  const keys = aliased ? [ref, `${name}@${ref}`] : [`${name}@${ref}`, ref];
  return v9 ? keys : [...keys.map((k) => `/${k}`), ...keys];
}

function notRegistry({ type, tarball }: PnpmEntry, version: string | undefined): string | undefined {
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

const NO_ENTRY: PnpmEntry = newEntry(0, 0);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
