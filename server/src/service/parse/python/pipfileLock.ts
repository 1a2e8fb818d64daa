/**
 * Pipfile.lock (JSON, `_meta.pipfile-spec` 6) → pins and tree packages. Each category (`default`,
 * `develop`, and Pipenv's custom categories) maps a name to `{ version: "==X", hashes: ["sha256:…"],
 * index, markers }`; entries with `git`, `path`, `file` or `editable` and no `==` version are not
 * from an index and are skipped. Pipfile.lock records no edges (docs/formats/tree.md: tree packages
 * with `via: []`). Pins: a name's `default` entry, else its entry in another category. An entry's
 * index is the `_meta.sources` entry its `index` names, else the first (Pipenv's default): when that is
 * not PyPI, the node carries it as `indexUrl` (tree/types.ts).
 */
import type { LockedPackage, ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { JsonKeyFinder } from '../npm/jsonKeyFinder';
import { normalizePypiName } from './pep503';
import { privateIndex } from './projectIndex';
import { sha256 } from './pyLockfile';

const KNOWN_SPEC = 6;

export function parsePipfileLock(text: string): ParsedLockfile {
  const { tree, errors } = pipfileLockTree(text);
  const packages = new Map<string, LockedPackage>();
  // Production entries first, so a name in both keeps its `default` version.
  const order = [...tree.nodes.keys()].sort((a, b) => Number(tree.nodes[a].dev) - Number(tree.nodes[b].dev));
  for (const i of order) {
    const node = tree.nodes[i];
    if (packages.has(node.name)) continue;
    packages.set(node.name, { registry: 'pypi', name: node.name, version: node.version, hashes: [...node.hashes], range: node.range });
  }
  return { kind: 'Pipfile.lock', packages, errors, tree };
}

export function pipfileLockTree(text: string): { tree: DependencyTree; errors: ParseProblem[] } {
  const builder = new TreeBuilder('Pipfile.lock', text, 'pypi');
  const errors: ParseProblem[] = [];
  const fail = (message: string) => {
    errors.push({ message, severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(false), errors };
  };
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail(`Pipfile.lock is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(data)) return fail('Pipfile.lock must contain a JSON object.');
  const meta = isObject(data._meta) ? data._meta : undefined;
  const spec = meta?.['pipfile-spec'];
  if (spec !== KNOWN_SPEC) return fail(`Unknown Pipfile.lock pipfile-spec ${JSON.stringify(spec) ?? '(none)'} (this version reads ${KNOWN_SPEC}); it was not read.`);
  const sources = new Map<string, string | undefined>();
  for (const source of Array.isArray(meta?.sources) ? meta.sources : []) {
    if (isObject(source) && typeof source.name === 'string') sources.set(source.name, typeof source.url === 'string' ? source.url : undefined);
  }
  const defaultIndex = sources.values().next().value;
  const offsets = new JsonKeyFinder(text, '{');
  const byKey = new Map<string, NodeIndex>();
  for (const category of Object.keys(data)) {
    const section = data[category];
    offsets.find(category);
    if (category === '_meta' || !isObject(section)) continue;
    const dev = category === 'develop';
    for (const rawName of Object.keys(section)) {
      const [start, end] = offsets.find(rawName);
      const entry = section[rawName];
      if (!isObject(entry)) continue;
      const name = normalizePypiName(rawName);
      const version = typeof entry.version === 'string' ? /^===?\s*(\S+)$/.exec(entry.version.trim())?.[1] : undefined;
      const why = ['git', 'path', 'file'].find((k) => typeof entry[k] === 'string');
      if (version === undefined || why !== undefined) {
        builder.skip(rawName, why ? `${why} source` : entry.editable === true ? 'editable install' : 'no exact version', start, end, category);
        continue;
      }
      const key = `${name}@${version}`;
      const existing = byKey.get(key);
      if (existing !== undefined) {
        if (!dev) builder.nodes[existing].dev = false;
        continue;
      }
      const hashes = Array.isArray(entry.hashes) ? [...new Set(entry.hashes.flatMap((h) => sha256(h) ?? []))] : [];
      const indexUrl = privateIndex(typeof entry.index === 'string' && sources.has(entry.index) ? sources.get(entry.index) : defaultIndex);
      const node = builder.addNode(name, version, { dev, hashes, indexUrl, start, end });
      byKey.set(key, node);
      builder.direct(category, name, node);
    }
  }
  return { tree: builder.build(false), errors };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
