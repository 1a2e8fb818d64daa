/**
 * yarn classic (v1) lockfile text → the installed tree in one pass, without the intermediate entries
 * the general reading builds (yarnV1Reader.ts `readYarnV1`: a Map of fields and of dependencies per
 * entry, then an entry object with `[name, range]` pairs per edge in yarnLock.ts `assemble`). Those
 * objects lived until the end of the parse and were most of its garbage collection
 * (docs/benchmarks.md, "Findings: yarn classic and the shared tree model"; docs/decisions.md,
 * "yarn classic: a one-pass reader for the lines yarn writes").
 *
 * What it reads: the lines yarn writes — headers of bare or quoted descriptors, `key value` fields and
 * `dependencies:` / `optionalDependencies:` blocks whose keys and values are bare or quoted without a
 * backslash or a control character. Anything else (a line the general reading reports as a problem, an
 * escape, a merge conflict marker, a file without entries) makes it give up and return undefined: the
 * caller then reads the file the general way, which reports what is wrong. So a tree from here is
 * always the general reading's tree; `test/unit/parse/yarnClassicReader.property.test.ts` holds it to
 * that on generated, edited and real lockfiles.
 *
 * Dependencies are kept as offsets into the text until every header is known (a dependency may name
 * an entry further down); only then is each `name@range` looked up, as a short-lived string.
 */
import type { TreeBuilder } from '../../tree/builder';
import { normalizeImporter } from '../../tree/pins';
import type { DependencyTree, NodeIndex } from '../../tree/types';
import * as charCodes from '../charCodes';
import { IntList } from '../intList';
import { ABSENT, SpanTable } from '../spanTable';
import { ClassicImporter } from './yarnClassicImporter';
import { isRegistryVersion } from './registryVersion';
import type { YarnLockOptions } from './yarnLock';

const { BACKSLASH, BYTE_ORDER_MARK, COLON, COMMA, CR, DOUBLE_QUOTE, HASH, SPACE } = charCodes;
const AT = 0x40;
/** `byName`'s value for a name the lockfile holds more than one entry of. */
const SEVERAL = -2;

/** What `readPair` found on a line (offsets of key and value; quotes excluded). */
const PAIR = { keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };
const NOT_READ = 0;
const BLOCK = 1;
const FIELD = 2;

/** Which block an entry's indented lines belong to. */
const NO_BLOCK = 0;
const DEPENDENCIES = 1;
const OPTIONAL = 2;
const OTHER_BLOCK = 3;

/**
 * One entry's dependencies as the general reading's Map holds them: a name appears once, at its first
 * place, with its last range. Offsets: [nameStart, nameEnd, rangeStart, rangeEnd] per dependency.
 */
class DependencyList {
  readonly spans: number[] = [];

  clear(): void {
    this.spans.length = 0;
  }

  set(text: string, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): void {
    const spans = this.spans;
    const length = keyEnd - keyStart;
    for (let i = 0; i < spans.length; i += 4) {
      if (spans[i + 1] - spans[i] === length && sameText(text, spans[i], keyStart, length)) {
        spans[i + 2] = valueStart;
        spans[i + 3] = valueEnd;
        return;
      }
    }
    spans.push(keyStart, keyEnd, valueStart, valueEnd);
  }

  /** Appends the list to `edges` as [from, nameStart, nameEnd, rangeStart, rangeEnd] per dependency. */
  flush(from: number, edges: IntList): void {
    const spans = this.spans;
    for (let i = 0; i < spans.length; i += 4) {
      edges.push(from);
      edges.push(spans[i]);
      edges.push(spans[i + 1]);
      edges.push(spans[i + 2]);
      edges.push(spans[i + 3]);
    }
  }
}

function sameText(text: string, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/** The tree of `text`, or undefined when the text is outside what this reader takes (see above). */
export function readYarnClassicTree(text: string, options: YarnLockOptions, builder: TreeBuilder): DependencyTree | undefined {
  const byDescriptor = new SpanTable();
  /** Per entry: its node, or -1 when skipped. */
  const entryNode = new IntList();
  /** Skipped entries: why, and their header's offsets (a manifest entry that names one is skipped with it). */
  const skipped = new Map<number, { reason: string; start: number; end: number }>();
  /** Dependencies of every entry with a node: [from, nameStart, nameEnd, rangeStart, rangeEnd]. */
  const edges = new IntList();
  const member = normalizeImporter(options.memberPath);
  /** Without the manifest's entries: the first descriptor's name → its node, or -1 when it has several. */
  const byName = options.direct ? undefined : new SpanTable();
  /** Without the manifest's entries: the importer's map (see `finishEntry`), answered by lookup (yarnClassicImporter.ts). */
  const importer = byName === undefined ? undefined : new ClassicImporter(byDescriptor, byName);
  builder.importer(member);

  const dependencies = new DependencyList();
  const optional = new DependencyList();
  /**
   * The current entry's descriptors as ranges of the text, and their indexes in `byDescriptor` (the
   * first `descriptorCount`; the arrays are reused): no string per descriptor survives the read.
   */
  const descriptorStarts: number[] = [];
  const descriptorEnds: number[] = [];
  const descriptorIndexes: number[] = [];
  let descriptorCount = 0;
  let inEntry = false;
  let start = 0;
  let end = 0;
  let version: string | undefined;
  let resolved: string | undefined;
  let integrity: string | undefined;
  let block = NO_BLOCK;

  const finishEntry = (): void => {
    if (!inEntry) return;
    inEntry = false;
    const first = text.slice(descriptorStarts[0], descriptorEnds[0]);
    const at = first.indexOf('@', 1);
    const key = at < 0 ? first : first.slice(0, at);
    const range = at < 0 ? '' : first.slice(at + 1);
    const why = classicSkip(range, version, resolved);
    if (why !== undefined || version === undefined) {
      const reason = why ?? 'no version';
      skipped.set(entryNode.length, { reason, start, end });
      builder.skip(key, reason, start, end);
      entryNode.push(-1);
      return;
    }
    let name = key;
    if (range.startsWith('npm:')) {
      const target = range.slice(4);
      const targetAt = target.indexOf('@', 1);
      name = targetAt < 0 ? target : target.slice(0, targetAt);
    }
    const node = builder.addNode(name, version, { integrity: integrity === '' ? undefined : integrity, start, end });
    entryNode.push(node);
    dependencies.flush(node, edges);
    optional.flush(node, edges);
    if (byName !== undefined && importer !== undefined) {
      // Without the manifest: every descriptor (how the manifest's own entry is written) and, where
      // the lockfile holds a single entry for a name, the bare name (after every entry, below).
      for (let d = 0; d < descriptorCount; d++) importer.add(descriptorIndexes[d], node);
      byName.set(key, byName.has(key) ? SEVERAL : node);
    }
  };

  let pos = text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    let lineEnd = eol;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === CR) lineEnd--;
    const lineStart = pos;
    pos = eol + 1;
    let at = lineStart;
    while (at < lineEnd && text.charCodeAt(at) === SPACE) at++;
    if (at === lineEnd) continue;
    const first = text.charCodeAt(at);
    if (first === HASH) continue;
    // Merge conflict markers and anything starting like them: the general reading reports them.
    if (first === 0x3c || first === 0x3d || first === 0x3e) return undefined;
    const indent = at - lineStart;
    if (indent === 0) {
      if (text.charCodeAt(lineEnd - 1) !== COLON) return undefined;
      finishEntry();
      descriptorCount = readHeader(text, at, lineEnd - 1, descriptorStarts, descriptorEnds);
      if (descriptorCount === 0) return undefined;
      for (let d = 0; d < descriptorCount; d++) descriptorIndexes[d] = registerDescriptor(byDescriptor, text, descriptorStarts[d], descriptorEnds[d], entryNode.length);
      inEntry = true;
      start = at;
      end = lineEnd - 1;
      version = resolved = integrity = undefined;
      block = NO_BLOCK;
      dependencies.clear();
      optional.clear();
      continue;
    }
    if (!inEntry) return undefined;
    const kind = readPair(text, at, lineEnd);
    if (kind === NOT_READ) return undefined;
    if (indent === 2) {
      if (kind === BLOCK) block = blockOf(text, PAIR.keyStart, PAIR.keyEnd);
      else {
        block = NO_BLOCK;
        const field = fieldOf(text, PAIR.keyStart, PAIR.keyEnd);
        if (field === VERSION) version = text.slice(PAIR.valueStart, PAIR.valueEnd);
        else if (field === INTEGRITY) integrity = text.slice(PAIR.valueStart, PAIR.valueEnd);
        else if (field === RESOLVED) resolved = sourceUrl(text, PAIR.valueStart, PAIR.valueEnd);
      }
    } else if (indent === 4 && block !== NO_BLOCK && kind === FIELD) {
      if (block === DEPENDENCIES) dependencies.set(text, PAIR.keyStart, PAIR.keyEnd, PAIR.valueStart, PAIR.valueEnd);
      else if (block === OPTIONAL) optional.set(text, PAIR.keyStart, PAIR.keyEnd, PAIR.valueStart, PAIR.valueEnd);
    } else if (!(indent > 4 && block !== NO_BLOCK)) {
      return undefined; // unexpected indentation: reported by the general reading
    }
  }
  finishEntry();
  if (entryNode.length === 0) return undefined;

  const nodeOf = entryNode.data;
  const spans = edges.data;
  // A node's dependencies are consecutive: its edges are handed over as one exact-length array.
  const targets: number[] = [];
  for (let i = 0; i < edges.length; ) {
    const from = spans[i];
    let count = 0;
    for (; i < edges.length && spans[i] === from; i += 5) {
      const to = byDescriptor.getJoined(text, spans[i + 1], spans[i + 2], AT, spans[i + 3], spans[i + 4]);
      if (to !== ABSENT && nodeOf[to] >= 0) targets[count++] = nodeOf[to];
    }
    if (count > 0) builder.addEdges(from, targets.slice(0, count));
  }

  if (importer !== undefined) {
    builder.importerMap(member, importer.map());
  } else if (options.direct) {
    const production: NodeIndex[] = [];
    const devNames = new Set(options.direct.filter((d) => d.dev === true).map((d) => d.name));
    for (const d of options.direct) {
      const target = byDescriptor.get(`${d.name}@${d.specifier}`);
      const skip = target === ABSENT ? undefined : skipped.get(target);
      if (target === ABSENT) builder.skip(d.name, `not in the lockfile (${d.name}@${d.specifier})`, 0, 0, member);
      else if (skip !== undefined) builder.skip(d.name, skip.reason, skip.start, skip.end, member);
      else {
        builder.direct(member, d.name, nodeOf[target]);
        if (!devNames.has(d.name)) production.push(nodeOf[target]);
      }
    }
    builder.deriveDev(production);
  }
  return builder.build();
}

/**
 * As yarnLock.ts `assemble`: later entries win a descriptor; a `::`-bound one also answers for its prefix if nothing else does.
 * Answers `d`'s index in the table.
 */
function registerDescriptor(byDescriptor: SpanTable, text: string, start: number, end: number, entry: number): number {
  const index = byDescriptor.setSpan(text, start, end, entry);
  // The first `::` inside the descriptor (its header line ends with a `:`, so the search stops there).
  let bound = text.indexOf(':', start);
  while (bound >= 0 && bound + 1 < end && text.charCodeAt(bound + 1) !== COLON) bound = text.indexOf(':', bound + 1);
  if (bound > start && bound + 1 < end && byDescriptor.getSpan(text, start, bound) === ABSENT) byDescriptor.setSpan(text, start, bound, entry);
  return index;
}

const NO_FIELD = 0;
const VERSION = 1;
const RESOLVED = 2;
const INTEGRITY = 3;

function fieldOf(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 7 && text.startsWith('version', start)) return VERSION;
  if (length === 8 && text.startsWith('resolved', start)) return RESOLVED;
  if (length === 9 && text.startsWith('integrity', start)) return INTEGRITY;
  return NO_FIELD;
}

function blockOf(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 12 && text.startsWith('dependencies', start)) return DEPENDENCIES;
  if (length === 20 && text.startsWith('optionalDependencies', start)) return OPTIONAL;
  return OTHER_BLOCK;
}

/**
 * yarnV1Reader.ts `splitHeader` on the header `text[from, end)` (without its `:`), by offsets, into
 * `starts` and `ends` (the descriptors' ranges; reused from entry to entry): how many descriptors it read, 0 where `splitHeader` gives
 * undefined and also where a quoted descriptor holds a backslash or a control character (see `readPair`).
 */
function readHeader(text: string, from: number, end: number, starts: number[], ends: number[]): number {
  let count = 0;
  let i = from;
  while (i < end) {
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    let tokenStart: number;
    let tokenEnd: number;
    if (i < end && text.charCodeAt(i) === DOUBLE_QUOTE) {
      const close = plainQuoted(text, i, end);
      if (close < 0) return 0;
      tokenStart = i + 1;
      tokenEnd = close - 1;
      i = close;
    } else {
      let stop = i;
      while (stop < end && text.charCodeAt(stop) !== COMMA) stop++;
      tokenStart = i;
      tokenEnd = stop;
      // As `.trim()`: exactly, through the string, where an end may be white space of any kind.
      if (i < stop && (mayBeSpace(text.charCodeAt(i)) || mayBeSpace(text.charCodeAt(stop - 1)))) {
        const raw = text.slice(i, stop);
        tokenStart = i + raw.length - raw.trimStart().length;
        tokenEnd = Math.max(tokenStart, i + raw.trimEnd().length);
      }
      i = stop;
    }
    if (tokenEnd === tokenStart) return 0;
    starts[count] = tokenStart;
    ends[count++] = tokenEnd;
    while (i < end && text.charCodeAt(i) === SPACE) i++;
    if (i < end) {
      if (text.charCodeAt(i) !== COMMA) return 0;
      i++;
    }
  }
  return count;
}

/** Whether `String.prototype.trim` might remove this character (every ASCII control and space, and anything above ASCII to be safe). */
function mayBeSpace(c: number): boolean {
  return c <= SPACE || c >= 0x7f;
}

/**
 * yarnV1Reader.ts `splitPair` on the line `text[at, end)`, by offsets: `key value`, `"key" "value"`,
 * `key:`. NOT_READ also where a quoted part holds a backslash or a control character (the general
 * reading decodes those; this reader gives up on them).
 */
function readPair(text: string, at: number, end: number): number {
  let i: number;
  if (text.charCodeAt(at) === DOUBLE_QUOTE) {
    i = plainQuoted(text, at, end);
    if (i < 0) return NOT_READ;
    PAIR.keyStart = at + 1;
    PAIR.keyEnd = i - 1;
  } else {
    i = at;
    while (i < end && text.charCodeAt(i) !== SPACE && !(text.charCodeAt(i) === COLON && i === end - 1)) i++;
    PAIR.keyStart = at;
    PAIR.keyEnd = i;
  }
  if (i === end - 1 && text.charCodeAt(i) === COLON) return BLOCK;
  if (i >= end || text.charCodeAt(i) !== SPACE) return NOT_READ;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  if (i < end && text.charCodeAt(i) === DOUBLE_QUOTE) {
    const close = plainQuoted(text, i, end);
    if (close !== end) return NOT_READ;
    PAIR.valueStart = i + 1;
    PAIR.valueEnd = end - 1;
    return FIELD;
  }
  if (i === end) return NOT_READ;
  // A native search (the next line's indentation stops it): the bare values are the long integrity strings.
  const space = text.indexOf(' ', i);
  if (space >= 0 && space < end) return NOT_READ;
  PAIR.valueStart = i;
  PAIR.valueEnd = end;
  return FIELD;
}

/** The offset after the closing quote of the string opening at `at`, or -1 when it does not close on the line or holds a backslash or a control character. */
function plainQuoted(text: string, at: number, end: number): number {
  for (let k = at + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === DOUBLE_QUOTE) return k + 1;
    if (c === BACKSLASH || c < SPACE) return -1;
  }
  return -1;
}

/**
 * The `resolved` URL as `classicSkip` needs it: only a git or file URL is read there, so any other
 * (the registry's tarball URL of nearly every entry) is '' and no slice of it is made.
 */
function sourceUrl(text: string, start: number, end: number): string {
  const length = end - start;
  const source = (length >= 4 && (text.startsWith('git+', start) || text.startsWith('git:', start))) || (length >= 5 && text.startsWith('file:', start));
  return source ? text.slice(start, end) : '';
}

/** Why an entry is not a registry package, from its first descriptor's range, version and `resolved` URL (docs/formats/yarn.md). */
export function classicSkip(range: string, version: string | undefined, resolved: string | undefined): string | undefined {
  // What nearly every entry is (a semver range, a registry URL): none of the source tests below can
  // match without a ':', a `git+` or a `.git` in the range, or a git / file URL in `resolved`.
  if (range.indexOf(':') < 0 && !range.startsWith('git+') && range.indexOf('.git') < 0 && (resolved === undefined || !/^(?:git\+|git:|file:)/.test(resolved))) {
    return version !== undefined && !isRegistryVersion(version) ? `not a registry version (${version})` : undefined;
  }
  if (/^(file|link|portal):/.test(range)) return 'local path';
  if (range.startsWith('workspace:')) return 'workspace member';
  if (/^(git\+|git:|github:|gitlab:|bitbucket:)|\.git(#|$)/.test(range) || (resolved !== undefined && /^git\+|^git:/.test(resolved))) return 'git source';
  if (/^https?:/.test(range)) return 'URL source';
  if (resolved !== undefined && resolved.startsWith('file:')) return 'local path';
  if (version !== undefined && !isRegistryVersion(version)) return `not a registry version (${version})`;
  return undefined;
}
