/**
 * The bun.lock tree reader as it was before keys and dependency names became positions in the text
 * (server/src/service/parse/npm/bunLock.ts at 902f63b, its general reader): JSON.parse of the whole
 * file, a Map per key, and a `<base>/<dep>` string per edge. One change: each key's offsets come from
 * jsonc-parser's parseTree instead of a text search (that search found an earlier entry's `"os": [`
 * for a package named `os`). Reading the JSON values (bunLock.ts `readJsonc`, `entriesOf`) is
 * shared. Kept as the reference the product's tree building is held to
 * (test/unit/tree/bunLockScanner.property.test.ts); not used by the product.
 */
import { parseTree, type Node } from 'jsonc-parser';
import type { ParseProblem } from '../../server/src/service/model';
import { entriesOf, readJsonc } from '../../server/src/service/parse/npm/bunLock';
import type { BunEntryStrings } from '../../server/src/service/parse/npm/bunLockRows';
import { isRegistryVersion } from '../../server/src/service/parse/npm/registryVersion';
import { TreeBuilder } from '../../server/src/service/tree/builder';
import { normalizeImporter } from '../../server/src/service/tree/pins';
import type { DependencyTree, NodeIndex } from '../../server/src/service/tree/types';

type Json = Record<string, unknown>;

type Row = BunEntryStrings;

export function bunLockTreeReference(text: string): { tree: DependencyTree; errors: ParseProblem[] } {
  const builder = new TreeBuilder('bun.lock', text, 'npm');
  const errors: ParseProblem[] = [];
  const data = readGenerally(text, builder, errors);
  if (data === undefined) return { tree: builder.build(), errors };
  const version = data.top.lockfileVersion;
  if (typeof version !== 'number' || (version !== 0 && version !== 1)) {
    errors.push({ message: `Unknown bun.lock lockfileVersion ${JSON.stringify(version) ?? '(none)'} (this version reads 0 and 1); it was not read.`, severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(), errors };
  }
  const workspaces = isObject(data.top.workspaces) ? data.top.workspaces : {};
  const nodeAt = new Map<string, NodeIndex>();
  const skippedAt = new Map<string, [number, number]>();
  const rowOf: Row[] = [];
  for (const row of data.packages) {
    const { key, start, end } = row;
    if (row.resolution === undefined) {
      builder.skip(key, 'unreadable entry', start, end);
      skippedAt.set(key, [start, end]);
      continue;
    }
    const at = row.resolution.indexOf('@', 1);
    const name = at < 0 ? row.resolution : row.resolution.slice(0, at);
    const spec = at < 0 ? '' : row.resolution.slice(at + 1);
    const why = notRegistry(spec);
    if (why !== undefined) {
      builder.skip(name, why, start, end);
      skippedAt.set(key, [start, end]);
      continue;
    }
    const node = builder.addNode(name, spec, { integrity: row.integrity, start, end });
    nodeAt.set(key, node);
    rowOf[node] = row;
  }
  const resolve = (from: string, dep: string): string | undefined => {
    for (let base = from; ; base = parentKey(base)) {
      const candidate = base === '' ? dep : `${base}/${dep}`;
      if (nodeAt.has(candidate) || skippedAt.has(candidate)) return candidate;
      if (base === '') return undefined;
    }
  };
  for (const [key, node] of nodeAt) {
    for (const dep of rowOf[node].deps) {
      const to = nodeAt.get(resolve(key, dep) ?? '');
      if (to !== undefined) builder.addEdge(node, to);
    }
  }
  const production: NodeIndex[] = [];
  for (const folder of Object.keys(workspaces)) {
    const ws = workspaces[folder];
    if (!isObject(ws)) continue;
    const importer = normalizeImporter(folder);
    builder.importer(importer);
    const base = folder === '' || typeof ws.name !== 'string' ? '' : ws.name;
    const seen = new Set<string>();
    for (const field of ['dependencies', 'optionalDependencies', 'devDependencies', 'peerDependencies']) {
      const deps = ws[field];
      if (!isObject(deps)) continue;
      for (const dep of Object.keys(deps)) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        const target = resolve(base, dep);
        const node = target === undefined ? undefined : nodeAt.get(target);
        if (node === undefined) {
          const [start, end] = (target === undefined ? undefined : skippedAt.get(target)) ?? [0, 0];
          builder.skip(dep, target === undefined ? 'not in the lockfile' : 'not a registry package', start, end, importer);
          continue;
        }
        builder.direct(importer, dep, node);
        if (field !== 'devDependencies') production.push(node);
      }
    }
  }
  builder.deriveDev(production);
  return { tree: builder.build(), errors };
}

/** `express/debug/ms` → `express/debug`; `@s/a/@s/b` → `@s/a`; `debug` → `` (split and join, as at 490d648). */
function parentKey(key: string): string {
  const parts = key.split('/');
  let cut = parts.length - 1;
  if (cut >= 1 && parts[cut - 1].startsWith('@')) cut--;
  return parts.slice(0, Math.max(cut, 0)).join('/');
}

function notRegistry(spec: string): string | undefined {
  if (spec.startsWith('workspace:')) return 'workspace member';
  if (spec.startsWith('file:') || spec.startsWith('link:')) return 'local path';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)/.test(spec)) return 'git source';
  if (/^https?:/.test(spec)) return 'URL source';
  return isRegistryVersion(spec) ? undefined : `not a registry version (${spec})`;
}

function readGenerally(text: string, builder: TreeBuilder, errors: ParseProblem[]): { top: Json; packages: Row[] } | undefined {
  const data = readJsonc(text, builder, errors);
  return data === undefined ? undefined : { top: data, packages: entriesOf(data, keyOffsets(text)) };
}

/** The last top-level `packages` object's keys (a repeated key: its first place), with quotes. */
function keyOffsets(text: string): Map<string, [number, number]> {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const root = parseTree(text.slice(bom), [], { allowTrailingComma: true });
  const offsets = new Map<string, [number, number]>();
  const last = root?.children?.filter((p: Node) => p.children?.[0].value === 'packages').pop()?.children?.[1];
  const packages = last?.type === 'object' ? last : undefined;
  for (const property of packages?.children ?? []) {
    const key = property.children?.[0];
    if (key !== undefined && !offsets.has(key.value as string)) offsets.set(key.value as string, [bom + key.offset, bom + key.offset + key.length]);
  }
  return offsets;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
