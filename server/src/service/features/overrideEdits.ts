/**
 * The text edits of the override quick fix (features/overrideAction.ts, docs/tree.md "Override quick
 * fix"), one writer per file the package managers read overrides from: a JSON path in package.json
 * (npm `overrides`, yarn `resolutions`, `pnpm.overrides`), `overrides` in pnpm-workspace.yaml, and
 * `[tool.uv] override-dependencies` in pyproject.toml. Each writer changes as little text as it can
 * (the user's layout and comments stay), then reads the result back and gives up (undefined) unless
 * it holds the new override: a file laid out in a way the writer does not expect gets no action
 * rather than a broken one.
 */
import { modify } from 'jsonc-parser';
import { isMap, isScalar, parseDocument } from 'yaml';
import { normalizePypiName } from '../parse/python/pep503';
import { parsePep508 } from '../parse/python/pep508';
import { getEntry, getTable, parseTomlTree, parseTomlValues } from '../parse/python/toml';

/** One replacement in a file's text: `[offset, offset + length)` becomes `content`. */
export interface OffsetEdit {
  offset: number;
  length: number;
  content: string;
}

function apply(text: string, edits: OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

/** package.json: `path` + name set to the version, formatted as the file's own two-space JSON. */
export function jsonOverrideEdits(text: string, path: string[], name: string, version: string): OffsetEdit[] {
  return modify(text, [...path, name], version, { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
}

/** A YAML scalar written plain when it reads back as the same string, otherwise double-quoted (`'@scope/x'`, `2.0`). */
function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9][\w.+-]*$/.test(value) && parseDocument(`v: ${value}`).toJS()?.v === value;
  return plain ? value : JSON.stringify(value);
}

/** pnpm-workspace.yaml: `overrides.<name>: <version>`, in the existing block map or a new one at the end. */
export function pnpmWorkspaceOverrideEdits(text: string, name: string, version: string): OffsetEdit[] | undefined {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const line = `${yamlScalar(name)}: ${yamlScalar(version)}`;
  let edits: OffsetEdit[];
  const overrides = doc.get('overrides', true);
  if (overrides === undefined && !doc.has('overrides')) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    edits = [{ offset: text.length, length: 0, content: `${sep}overrides:\n  ${line}\n` }];
  } else if (isMap(overrides) && !overrides.flow && overrides.items.length > 0) {
    const same = overrides.items.find((p) => isScalar(p.key) && p.key.value === name);
    if (same && isScalar(same.value) && same.value.range) {
      const [start, end] = same.value.range;
      edits = [{ offset: start, length: end - start, content: yamlScalar(version) }];
    } else {
      const first = overrides.items[0].key;
      const last = overrides.items[overrides.items.length - 1].value;
      if (!isScalar(first) || !first.range || !isScalar(last) || !last.range) return undefined;
      const indent = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
      // After the last entry's line, so a comment at its end stays with it.
      const eol = text.indexOf('\n', last.range[1]);
      edits = [{ offset: eol < 0 ? text.length : eol, length: 0, content: `\n${' '.repeat(indent)}${line}` }];
    }
  } else {
    // `overrides:` empty, a flow map or not a map: not a layout this writer edits.
    return undefined;
  }
  const back = parseDocument(apply(text, edits));
  return back.errors.length === 0 && back.getIn(['overrides', name]) === version ? edits : undefined;
}

/** pyproject.toml: `"<name>==<version>"` in `[tool.uv] override-dependencies`, replacing an entry for the same package. */
export function uvOverrideEdits(text: string, name: string, version: string): OffsetEdit[] | undefined {
  const tree = parseTomlTree(text);
  if (tree.errors.length > 0) return undefined;
  const wanted = normalizePypiName(name);
  const requirement = JSON.stringify(`${name}==${version}`);
  let edits: OffsetEdit[];
  const entry = getEntry(tree.root, 'tool', 'uv', 'override-dependencies');
  const uv = getTable(tree.root, 'tool', 'uv');
  if (entry) {
    const array = entry.node;
    if (array.type !== 'array' || text[array.start] !== '[') return undefined;
    const same = array.items.find((item) => {
      if (item.type !== 'string') return false;
      const parsed = parsePep508(item.value);
      return parsed.ok && parsed.requirement.normalizedName === wanted;
    });
    if (same) {
      edits = [{ offset: same.start, length: same.end - same.start, content: requirement }];
    } else if (array.items.length === 0) {
      edits = [{ offset: array.start + 1, length: 0, content: requirement }];
    } else {
      const last = array.items[array.items.length - 1];
      const multiline = text.slice(array.start, array.end).includes('\n');
      const indent = last.start - (text.lastIndexOf('\n', last.start - 1) + 1);
      edits = [{ offset: last.end, length: 0, content: multiline ? `,\n${' '.repeat(indent)}${requirement}` : `, ${requirement}` }];
    }
  } else if (uv && text.startsWith('[', uv.start) && /^\[\s*tool\s*\.\s*uv\s*\]/.test(text.slice(uv.start, uv.end))) {
    const eol = text.indexOf('\n', uv.start);
    edits = [{ offset: eol < 0 ? text.length : eol, length: 0, content: `\noverride-dependencies = [${requirement}]` }];
  } else {
    const sep = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    edits = [{ offset: text.length, length: 0, content: `${sep}[tool.uv]\noverride-dependencies = [${requirement}]\n` }];
  }
  const back = parseTomlValues(apply(text, edits));
  const tool = back.data.tool as Record<string, unknown> | undefined;
  const written = (tool?.uv as Record<string, unknown> | undefined)?.['override-dependencies'];
  return back.errors.length === 0 && Array.isArray(written) && written.includes(`${name}==${version}`) ? edits : undefined;
}
