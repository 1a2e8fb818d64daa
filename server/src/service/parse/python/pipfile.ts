/**
 * Pipfile (Pipenv's manifest, TOML) → dependencies. Sections: `[packages]`, `[dev-packages]` and any
 * other package category table Pipenv allows (`[docs]`); `[[source]]` names the indexes.
 * - A string value is a PEP 440 specifier (`"*"` means any version): `requests = ">=2.31,<3"`.
 * - A table may hold `version`, `extras`, `markers` (and PEP 508 marker variables written as keys,
 *   `sys_platform = "== 'linux'"`), `index` (a `[[source]]` name); `git`, `path`, `file` and
 *   `editable` entries are not from an index: skipped, never looked up.
 * - A package without `index` comes from the first `[[source]]` (Pipenv's primary index); when that
 *   is not PyPI, its URL is the package's index, so a private name never reaches the public PyPI.
 * Ranges are the `key = value` pair, as for Poetry (docs/language-server.md).
 */
import type { Dependency, ParsedManifest } from '../../model';
import { classifyPep440Specifier } from './pep508';
import { normalizePypiName } from './pep503';
import { PyprojectContext } from './pyRequirementString';
import { PYPI_SIMPLE } from './projectIndex';
import { getString, getTables, parseTomlTree, type TomlEntry, type TomlTable } from './toml';

/** Top-level tables that are not package categories. */
const NOT_PACKAGES = new Set(['source', 'requires', 'pipenv', 'scripts']);
/** PEP 508 marker variables Pipenv accepts as keys of a package table. */
const MARKER_KEYS = new Set([
  'os_name', 'sys_platform', 'platform_machine', 'platform_python_implementation', 'platform_release', 'platform_system',
  'platform_version', 'python_version', 'python_full_version', 'implementation_name', 'implementation_version',
]);

export function parsePipfile(text: string): ParsedManifest {
  const doc = parseTomlTree(text);
  const ctx = new PyprojectContext(text, doc);
  for (const e of doc.errors) ctx.problem(e.message, e, 'error');
  const sources = readSources(doc.root);
  const primary = sources.values().next().value;
  for (const [section, entry] of doc.root.entries) {
    if (NOT_PACKAGES.has(section)) continue;
    if (entry.node.type !== 'table') {
      ctx.problem(`[${section}] must be a table of packages`, entry, 'warning');
      continue;
    }
    for (const pkg of entry.node.entries.values()) readPackage(ctx, pkg, section, sources, primary);
  }
  return { kind: 'Pipfile', dependencies: ctx.dependencies, errors: ctx.errors };
}

/** `[[source]]` name → url, in order (the first is the primary index). */
function readSources(root: TomlTable): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const item of getTables(root, 'source')) {
    const name = getString(item, 'name') ?? `source-${out.size}`;
    out.set(name, getString(item, 'url'));
  }
  return out;
}

function readPackage(ctx: PyprojectContext, entry: TomlEntry, section: string, sources: Map<string, string | undefined>, primary: string | undefined): void {
  const node = entry.node;
  const dep: Dependency = {
    registry: 'pypi',
    name: entry.key,
    normalizedName: normalizePypiName(entry.key),
    specifier: ctx.raw(node),
    kind: 'range',
    constraint: '',
    section,
    range: ctx.doc.range(entry.start, entry.end),
  };
  let version = '*';
  let index = primary;
  if (node.type === 'string') {
    dep.specifier = node.value;
    version = node.value;
  } else if (node.type === 'table') {
    const extras = node.entries.get('extras')?.node;
    if (extras?.type === 'array') dep.extras = extras.items.flatMap((e) => (e.type === 'string' ? [e.value] : []));
    const markers = [getString(node, 'markers'), ...[...node.entries.values()].filter((e) => MARKER_KEYS.has(e.key) && e.node.type === 'string').map((e) => `${e.key} ${(e.node as { value: string }).value}`)].filter(
      (m): m is string => m !== undefined && m !== '',
    );
    if (markers.length > 0) dep.markers = markers.join(' and ');
    const skip = nonIndex(node);
    if (skip) {
      ctx.add({ ...dep, kind: skip.kind, skipReason: skip.reason });
      return;
    }
    const named = getString(node, 'index');
    if (named !== undefined) {
      if (!sources.has(named)) ctx.problem(`${entry.key}: index ${named} is not declared in [[source]]`, entry, 'warning');
      index = sources.get(named);
    }
    const v = node.entries.get('version')?.node;
    if (v && v.type !== 'string') {
      ctx.add({ ...dep, kind: 'invalid' }, 'version must be a string');
      return;
    }
    version = v?.value ?? '*';
  } else {
    ctx.problem(`${entry.key}: expected a version string or a table`, entry, 'warning');
    return;
  }
  if (index !== undefined && !PYPI_SIMPLE.test(index)) dep.indexUrl = index;
  const spec = version.trim() === '*' ? '' : version;
  const classified = classifyPep440Specifier(spec);
  ctx.add({ ...dep, kind: classified.kind, constraint: classified.constraint }, classified.reason);
}

function nonIndex(table: TomlTable): { kind: Dependency['kind']; reason: string } | undefined {
  const git = getString(table, 'git');
  if (git !== undefined) return { kind: 'git', reason: `installed from the git repository ${git}, not from a package index` };
  const path = getString(table, 'path');
  if (path !== undefined) return { kind: 'path', reason: `installed from the local path ${path}, not from a package index` };
  const file = getString(table, 'file');
  if (file !== undefined) return { kind: /^https?:/.test(file) ? 'url' : 'path', reason: `installed from ${file}, not from a package index` };
  return undefined;
}
