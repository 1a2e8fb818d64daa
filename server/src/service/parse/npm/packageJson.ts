/**
 * package.json → dependencies with ranges. jsonc-parser's tolerant parser is used so that text
 * being typed (comments, trailing commas, half-written entries, unterminated strings) still yields
 * every readable entry plus problems with exact ranges, and so that ranges come from raw offsets.
 *
 * `bundleDependencies` / `bundledDependencies` only list names declared in another section (npm
 * packs those into the tarball); the declaring section already reports each of them, so they add
 * no dependency here. Their shape is checked so a typo is not silent.
 */
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Dependency, ParsedManifest } from '../../model';
import { positionsOf } from '../lineIndex';
import { buildNpmDependency } from './npmDependency';
import { jsonProblems } from './npmJsonProblems';
import { describeType, lastWinsProperties, pairRange, propertyValue, rangeOf, type TreeContext } from './npmJsonTree';
import { parseOverrides } from './npmOverrides';

const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const BUNDLE_KEYS = ['bundleDependencies', 'bundledDependencies'];

export function parsePackageJson(text: string): ParsedManifest {
  return readPackageJson(text).parsed;
}

/**
 * The parse and the offsets [start, end) of the top-level properties it read (dependency sections,
 * `overrides`, the bundle lists): an edit outside them and outside every string it could change
 * leaves the result as it was (packageJsonEdit.ts).
 */
export function readPackageJson(text: string): { parsed: ParsedManifest; readSpans: [number, number][] } {
  const readSpans: [number, number][] = [];
  const parsed = parseInto(text, readSpans);
  return { parsed, readSpans };
}

function parseInto(text: string, readSpans: [number, number][]): ParsedManifest {
  const source = blankBom(text);
  const positionAt = positionsOf(source);
  const jsonErrors: ParseError[] = [];
  const root = parseTree(source, jsonErrors, { disallowComments: true, allowTrailingComma: false });
  const ctx: TreeContext = {
    text: source,
    positionAt,
    problems: jsonProblems(source, jsonErrors, positionAt),
  };
  const manifest: ParsedManifest = { kind: 'package.json', dependencies: [], errors: ctx.problems };
  if (!root) return manifest;
  if (root.type !== 'object') {
    ctx.problems.push({
      message: `package.json must contain a JSON object, but it contains ${describeType(root)}.`,
      severity: 'error',
      range: rangeOf(ctx, root.offset, root.offset + root.length),
    });
    return manifest;
  }

  const top = lastWinsProperties(ctx, root);
  for (const key of [...DEPENDENCY_SECTIONS, 'overrides', ...BUNDLE_KEYS]) {
    const property = top.get(key);
    if (property) readSpans.push([property.offset, property.offset + property.length]);
  }
  const found: { offset: number; dependency: Dependency }[] = [];
  const directSpecs = new Map<string, Map<string, string>>();
  for (const section of DEPENDENCY_SECTIONS) {
    const object = sectionObject(ctx, top, section);
    if (!object) continue;
    const specs = new Map<string, string>();
    directSpecs.set(section, specs);
    for (const [name, property] of lastWinsProperties(ctx, object)) {
      const value = propertyValue(property);
      if (!value) continue; // `"name":` with nothing after it yet: the syntax error covers it
      if (value.type === 'string') specs.set(name, String(value.value));
      const range = pairRange(ctx, property);
      found.push({ offset: property.offset, dependency: buildNpmDependency(ctx, { name, value, section, range }) });
    }
  }

  const overrides = propertyValue(top.get('overrides'));
  if (overrides) {
    const document = TextDocument.create('untitled:package.json', 'json', 0, source);
    for (const dependency of parseOverrides(ctx, overrides, directSpecs)) {
      found.push({ offset: document.offsetAt(dependency.range.start), dependency });
    }
  }
  for (const key of BUNDLE_KEYS) checkBundleList(ctx, propertyValue(top.get(key)), key);

  // Document order, so that consumers (diagnostics, the report, tests) see a stable order.
  found.sort((a, b) => a.offset - b.offset);
  manifest.dependencies = found.map((entry) => entry.dependency);
  return manifest;
}

function sectionObject(ctx: TreeContext, top: Map<string, Node>, section: string): Node | undefined {
  const value = propertyValue(top.get(section));
  if (!value) return undefined;
  if (value.type === 'object') return value;
  ctx.problems.push({
    message: `"${section}" must be an object of "name": "version" entries, but it is ${describeType(value)}.`,
    severity: 'warning',
    range: rangeOf(ctx, value.offset, value.offset + value.length),
  });
  return undefined;
}

function checkBundleList(ctx: TreeContext, value: Node | undefined, key: string): void {
  if (!value || value.type === 'boolean') return;
  const items = value.type === 'array' ? (value.children ?? []) : [value];
  for (const item of items) {
    if (item.type === 'string' && value.type === 'array') continue;
    ctx.problems.push({
      message: `"${key}" must be true, false or an array of package names.`,
      severity: 'warning',
      range: rangeOf(ctx, item.offset, item.offset + item.length),
    });
  }
}

/** A byte-order mark becomes a space: npm strips it, jsonc-parser would not, and offsets stay put. */
function blankBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}
