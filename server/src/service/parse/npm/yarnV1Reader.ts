/**
 * Reads yarn classic's own lockfile syntax (not YAML): entries whose header lists one or more
 * descriptors (`"@babel/core@^7.0.0", "@babel/core@^7.1.0":`), with `key value` fields and nested
 * `dependencies:` / `optionalDependencies:` blocks indented by two spaces. Values and descriptors may
 * be quoted (JSON-style escapes) or bare. A line that fits none of this is reported with its range
 * and the reading goes on, so one bad line never hides the rest.
 */
import * as charCodes from '../charCodes';

const { BACKSLASH, SPACE } = charCodes;

export interface YarnV1Entry {
  descriptors: string[];
  /** Offsets of the header line (without the trailing `:`). */
  start: number;
  end: number;
  fields: Map<string, string>;
  dependencies: Map<string, string>;
  optionalDependencies: Map<string, string>;
}

export interface YarnV1Problem {
  message: string;
  start: number;
  end: number;
}

/**
 * An entry's `dependencies` / `optionalDependencies` until its block is read: most entries have no
 * optional ones and leaves have neither, and an empty Map each was tens of thousands of Maps per
 * 10 MB lockfile (docs/benchmarks.md). The reader never adds to it; readers of entries only read.
 */
const NO_ENTRIES: Map<string, string> = new Map();

export function readYarnV1(text: string): { entries: YarnV1Entry[]; problems: YarnV1Problem[] } {
  const entries: YarnV1Entry[] = [];
  const problems: YarnV1Problem[] = [];
  let entry: YarnV1Entry | undefined;
  let block: Map<string, string> | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < text.length) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    let end = eol;
    if (end > pos && text.charCodeAt(end - 1) === 0x0d) end--;
    const lineStart = pos;
    pos = eol + 1;
    let at = lineStart;
    while (at < end && text.charCodeAt(at) === 0x20) at++;
    if (at === end || text.charCodeAt(at) === 0x23) continue;
    const indent = at - lineStart;
    const line = text.slice(at, end);
    if (line.startsWith('<<<<<<<') || line.startsWith('=======') || line.startsWith('>>>>>>>')) {
      problems.push({ message: 'yarn.lock contains a merge conflict marker; run `yarn install` to resolve it.', start: at, end });
      entry = block = undefined;
      continue;
    }
    if (indent === 0) {
      if (!line.endsWith(':')) {
        problems.push({ message: `yarn.lock: expected an entry header ending with ':' but found '${line.slice(0, 60)}'.`, start: at, end });
        entry = block = undefined;
        continue;
      }
      const descriptors = splitHeader(line.slice(0, -1));
      if (!descriptors) {
        problems.push({ message: 'yarn.lock: unreadable entry header.', start: at, end });
        entry = block = undefined;
        continue;
      }
      entry = { descriptors, start: at, end: end - 1, fields: new Map(), dependencies: NO_ENTRIES, optionalDependencies: NO_ENTRIES };
      entries.push(entry);
      block = undefined;
      continue;
    }
    if (!entry) {
      problems.push({ message: 'yarn.lock: indented line outside any entry.', start: at, end });
      continue;
    }
    const pair = splitPair(line);
    if (!pair) {
      problems.push({ message: `yarn.lock: unreadable line '${line.slice(0, 60)}'.`, start: at, end });
      continue;
    }
    const [key, value] = pair;
    if (indent === 2) {
      block = undefined;
      if (value === undefined) {
        if (key === 'dependencies') block = entry.dependencies = entry.dependencies === NO_ENTRIES ? new Map() : entry.dependencies;
        else if (key === 'optionalDependencies') block = entry.optionalDependencies = entry.optionalDependencies === NO_ENTRIES ? new Map() : entry.optionalDependencies;
        else block = new Map(); // other nested maps (e.g. `dependenciesMeta`): read and dropped
      } else entry.fields.set(key, value);
    } else if (indent === 4 && block && value !== undefined) {
      block.set(key, value);
    } else if (indent > 4 && block) {
      // deeper levels only occur under blocks nobody reads
    } else {
      problems.push({ message: `yarn.lock: unexpected indentation of '${line.slice(0, 60)}'.`, start: at, end });
    }
  }
  return { entries, problems };
}

/** `"a@^1", a@^2` → ['a@^1', 'a@^2']; undefined when a quoted part does not close. */
function splitHeader(header: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  while (i < header.length) {
    while (header.charCodeAt(i) === 0x20) i++;
    let token: string | undefined;
    if (header.charCodeAt(i) === 0x22) {
      const read = quoted(header, i);
      if (!read) return undefined;
      [token, i] = read;
    } else {
      const comma = header.indexOf(',', i);
      const stop = comma < 0 ? header.length : comma;
      token = header.slice(i, stop).trim();
      i = stop;
    }
    if (token === '') return undefined;
    out.push(token);
    while (header.charCodeAt(i) === 0x20) i++;
    if (i < header.length) {
      if (header.charCodeAt(i) !== 0x2c) return undefined;
      i++;
    }
  }
  return out.length > 0 ? out : undefined;
}

/** `key value`, `"key" "value"`, `key:` (value undefined: a nested block follows). */
function splitPair(line: string): [string, string | undefined] | undefined {
  let key: string;
  let i: number;
  if (line.charCodeAt(0) === 0x22) {
    const read = quoted(line, 0);
    if (!read) return undefined;
    [key, i] = read;
  } else {
    i = 0;
    while (i < line.length && line.charCodeAt(i) !== 0x20 && !(line.charCodeAt(i) === 0x3a && i === line.length - 1)) i++;
    key = line.slice(0, i);
  }
  if (line.charCodeAt(i) === 0x3a && i === line.length - 1) return [key, undefined];
  if (line.charCodeAt(i) !== 0x20) return undefined;
  while (line.charCodeAt(i) === 0x20) i++;
  if (line.charCodeAt(i) === 0x22) {
    const read = quoted(line, i);
    if (!read || read[1] !== line.length) return undefined;
    return [key, read[0]];
  }
  const value = line.slice(i);
  return value.length > 0 && !value.includes(' ') ? [key, value] : undefined;
}

function quoted(text: string, at: number): [string, number] | undefined {
  let close = text.indexOf('"', at + 1);
  while (close >= 0 && text.charCodeAt(close - 1) === BACKSLASH) close = text.indexOf('"', close + 1);
  if (close < 0) return undefined;
  // Without a backslash or a control character the JSON string is its own text (nearly every one in
  // a yarn.lock): slicing skips a JSON.parse per descriptor and value (docs/benchmarks.md, lockfile parsers).
  if (plainJsonString(text, at + 1, close)) return [text.slice(at + 1, close), close + 1];
  try {
    return [JSON.parse(text.slice(at, close + 1)) as string, close + 1];
  } catch {
    return undefined;
  }
}

function plainJsonString(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH || c < SPACE) return false;
  }
  return true;
}
