/**
 * Pipfile.lock (JSON, `_meta.pipfile-spec` 6) → pins and tree packages. Each category (`default`,
 * `develop`, and Pipenv's custom categories) maps a name to `{ version: "==X", hashes: ["sha256:…"],
 * index, markers }`; entries with `git`, `path`, `file` or `editable` and no `==` version are not
 * from an index and are skipped. Pipfile.lock records no edges (docs/formats/tree.md: tree packages
 * with `via: []`). Pins: a name's `default` entry, else its entry in another category. An entry's
 * index is the `_meta.sources` entry its `index` names, else the first (Pipenv's default): when that is
 * not PyPI, the node carries it as `indexUrl` (tree/types.ts).
 *
 * pipfileLockScanner.ts reads what pipenv writes without building the whole file's objects; text
 * it gives up on is read here through JSON.parse. Both hand the same entries to one reader
 * (`EntryReader`), so the rules above are written once.
 */
import type { LockedPackage, ParsedLockfile, ParseProblem } from '../../model';
import { TreeBuilder } from '../../tree/builder';
import { LookupMap } from '../../tree/lookupMap';
import { pinsByNode } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import { JsonKeyFinder } from '../npm/jsonKeyFinder';
import { normalizePypiName } from './pep503';
import { scanPipfileLock, type PipfileEntry } from './pipfileLockScanner';
import { privateIndex } from './projectIndex';
import { sha256 } from './pyLockfile';

const KNOWN_SPEC = 6;

export function parsePipfileLock(text: string): ParsedLockfile {
  const { tree, errors, reader } = readPipfileLock(text, false);
  const nodes = tree.nodes;
  // One pin per node, made when asked (tree/lookupMap.ts): the pins of a 10 MB Pipfile.lock (~30,000
  // objects, digest copies, a Range each and the line index they need) were ~40 ms of a read, and a
  // check asks only its manifest's names (docs/benchmarks.md, "Findings: the Python lockfiles, one walk").
  const pinFor = pinsByNode(nodes);
  const packages = new LookupMap<string, LockedPackage>(
    (name) => {
      const index = reader.pinned(name);
      return index === undefined ? undefined : pinFor(index);
    },
    // Production entries first, so a name in both keeps its `default` version.
    (add) => {
      const seen = new Set<string>();
      for (const dev of [false, true]) {
        nodes.forEach((node, index) => {
          if (node.dev !== dev || seen.has(node.name)) return;
          seen.add(node.name);
          add(node.name, pinFor(index));
        });
      }
    },
  );
  return { kind: 'Pipfile.lock', packages, errors, tree };
}

/** `general`: read through JSON.parse, without the scanner (the property test compares both readers). */
export function pipfileLockTree(text: string, general = false): { tree: DependencyTree; errors: ParseProblem[] } {
  const { tree, errors } = readPipfileLock(text, general);
  return { tree, errors };
}

function readPipfileLock(text: string, general: boolean): { tree: DependencyTree; errors: ParseProblem[]; reader: EntryReader } {
  if (!general) {
    const builder = new TreeBuilder('Pipfile.lock', text, 'pypi');
    const reader = new EntryReader(builder);
    if (scanPipfileLock(text, reader)) return { tree: builder.build(false), errors: [], reader };
  }
  return readGenerally(text);
}

/** What both readers share: `_meta`'s sources, then each entry to a node (or a skipped entry). */
class EntryReader {
  private sources = new Map<string, string | undefined>();
  private defaultIndex: string | undefined;
  /** privateIndex of each `index` name an entry gave (undefined: none), computed once per name. */
  private readonly indexUrls = new Map<string | undefined, string | undefined>();
  /**
   * A node of each name, and the next node of the same name (-1: none): the node of a name and
   * version is found without building a `name@version` string per entry.
   */
  private readonly byName = new Map<string, NodeIndex>();
  private readonly sameName: NodeIndex[] = [];

  constructor(private readonly builder: TreeBuilder) {}

  /** Reads `_meta`; false when its pipfile-spec is not the one this reader knows. */
  meta(meta: unknown): boolean {
    if (!isObject(meta) || meta['pipfile-spec'] !== KNOWN_SPEC) return false;
    for (const source of Array.isArray(meta.sources) ? meta.sources : []) {
      if (isObject(source) && typeof source.name === 'string') this.sources.set(source.name, typeof source.url === 'string' ? source.url : undefined);
    }
    this.defaultIndex = this.sources.values().next().value;
    return true;
  }

  entry(entry: PipfileEntry): void {
    const { builder } = this;
    const { category, rawName, start, end } = entry;
    const version = entry.version === undefined ? undefined : exactVersion(entry.version);
    if (version === undefined || entry.source !== undefined) {
      builder.skip(rawName, entry.source ? `${entry.source} source` : entry.editable ? 'editable install' : 'no exact version', start, end, category);
      return;
    }
    const dev = category === 'develop';
    const name = normalizePypiName(rawName);
    const first = this.byName.get(name);
    for (let at = first ?? -1; at >= 0; at = this.sameName[at]) {
      if (builder.nodes[at].version !== version) continue;
      if (!dev) builder.nodes[at].dev = false;
      return;
    }
    const node = builder.addNode(name, version, { dev, hashes: digests(entry.hashes), indexUrl: this.indexUrl(entry.index), start, end });
    if (first === undefined) {
      this.byName.set(name, node);
      this.sameName.push(-1);
    } else {
      this.sameName.push(this.sameName[first]);
      this.sameName[first] = node;
    }
    builder.direct(category, name, node);
  }

  /** The node a name's pin is: its first production node, else its first node (in lockfile order). */
  pinned(name: string): NodeIndex | undefined {
    const first = this.byName.get(name);
    if (first === undefined) return undefined;
    let production: NodeIndex | undefined;
    for (let at = first; at >= 0; at = this.sameName[at]) {
      if (!this.builder.nodes[at].dev && (production === undefined || at < production)) production = at;
    }
    return production ?? first;
  }

  private indexUrl(index: string | undefined): string | undefined {
    if (this.indexUrls.has(index)) return this.indexUrls.get(index);
    const url = privateIndex(index !== undefined && this.sources.has(index) ? this.sources.get(index) : this.defaultIndex);
    this.indexUrls.set(index, url);
    return url;
  }
}

/** `==1.2.3` → `1.2.3`; without a fast path, a regular expression per entry was measurable on 30,000 entries. */
function exactVersion(version: string): string | undefined {
  if (version.length > 2 && version.charCodeAt(0) === 0x3d && version.charCodeAt(1) === 0x3d && version.charCodeAt(2) !== 0x3d && visibleAscii(version, 2)) return version.slice(2);
  return /^===?\s*(\S+)$/.exec(version.trim())?.[1];
}

/** Every character from `from` on is printable ASCII other than space (none is `\s`). */
function visibleAscii(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

/** Collects one entry's digests; its copy is exactly as long (a pushed-to array reserves ~16 slots, kept by every node). */
const found: string[] = [];

/** The sha256 digests among an entry's hashes, each once, in order. */
function digests(hashes: readonly string[]): string[] {
  found.length = 0;
  for (const hash of hashes) {
    const digest = sha256(hash);
    if (digest !== undefined && !found.includes(digest)) found.push(digest);
  }
  return found.slice();
}

/** The general reader: JSON.parse of the whole file, each entry's key found again in the text. */
function readGenerally(text: string): { tree: DependencyTree; errors: ParseProblem[]; reader: EntryReader } {
  const builder = new TreeBuilder('Pipfile.lock', text, 'pypi');
  const errors: ParseProblem[] = [];
  const reader = new EntryReader(builder);
  const fail = (message: string) => {
    errors.push({ message, severity: 'error', range: builder.range(0, 0) });
    return { tree: builder.build(false), errors, reader };
  };
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fail(`Pipfile.lock is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(data)) return fail('Pipfile.lock must contain a JSON object.');
  if (!reader.meta(data._meta)) {
    const spec = isObject(data._meta) ? data._meta['pipfile-spec'] : undefined;
    return fail(`Unknown Pipfile.lock pipfile-spec ${JSON.stringify(spec) ?? '(none)'} (this version reads ${KNOWN_SPEC}); it was not read.`);
  }
  const offsets = new JsonKeyFinder(text, '{');
  for (const category of Object.keys(data)) {
    const section = data[category];
    offsets.find(category);
    if (category === '_meta' || !isObject(section)) continue;
    for (const rawName of Object.keys(section)) {
      const [start, end] = offsets.find(rawName);
      const entry = section[rawName];
      if (!isObject(entry)) continue;
      reader.entry({
        category,
        rawName,
        start,
        end,
        version: typeof entry.version === 'string' ? entry.version : undefined,
        hashes: Array.isArray(entry.hashes) ? entry.hashes.filter((h): h is string => typeof h === 'string') : [],
        index: typeof entry.index === 'string' ? entry.index : undefined,
        source: (['git', 'path', 'file'] as const).find((k) => typeof entry[k] === 'string'),
        editable: entry.editable === true,
      });
    }
  }
  return { tree: builder.build(false), errors, reader };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
