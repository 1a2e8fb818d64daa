/**
 * Poetry's `[tool.poetry.dependencies]`, `[tool.poetry.group.<g>.dependencies]` and the legacy
 * `[tool.poetry.dev-dependencies]`. A dependency's range is its `key = value` pair, or the table header
 * for the expanded `[tool.poetry.dependencies.name]` form. A multiple-constraints array yields one
 * Dependency per table in it, each ranged on its own table, since each may resolve differently.
 */
import type { Dependency } from '../../model';
import { classifyPep440Specifier } from './pep508';
import { normalizePypiName } from './pep503';
import { poetryToPep440 } from './poetryConstraint';
import { applyProjectIndex, poetryProjectIndex } from './projectIndex';
import type { PyprojectContext } from './pyRequirementString';
import { getString, getTable, getTables, type TomlEntry, type TomlNode, type TomlSpan, type TomlTable } from './toml';

export function readPoetry(ctx: PyprojectContext, poetry: TomlTable, pep621: Dependency[]): void {
  const sources = declaredSources(poetry);
  // Poetry 2 installs the [project] dependencies from the same sources; an entry below naming a source overrides it.
  applyProjectIndex(pep621, sources.project);
  const section = (name: string, table: TomlTable | undefined, enrich: Dependency[]): void => {
    if (!table) return;
    for (const entry of table.entries.values()) {
      // `python` is the interpreter constraint, not a package.
      if (entry.key.toLowerCase() === 'python') continue;
      // Poetry 2 with a PEP 621 [project]: a same-named entry only adds Poetry details (source, git…).
      const target = enrich.filter((d) => d.normalizedName === normalizePypiName(entry.key));
      if (target.length > 0) {
        enrichFrom(ctx, entry, target, sources);
        continue;
      }
      readEntry(ctx, entry, name, sources);
    }
  };
  section('tool.poetry.dependencies', getTable(poetry, 'dependencies'), pep621);
  const groups = getTable(poetry, 'group');
  for (const [group, entry] of groups?.entries ?? []) {
    if (entry.node.type === 'table') section(`tool.poetry.group.${group}.dependencies`, getTable(entry.node, 'dependencies'), []);
  }
  section('tool.poetry.dev-dependencies', getTable(poetry, 'dev-dependencies'), []);
}

/**
 * `[[tool.poetry.source]]`: name → url (undefined for PyPI, which needs no index of its own), and
 * `project`, the index an entry naming no source installs from (projectIndex.ts).
 */
interface Sources {
  byName: Map<string, string | undefined>;
  project: string | undefined;
}

function declaredSources(poetry: TomlTable): Sources {
  return { byName: sourceUrls(poetry), project: poetryProjectIndex(poetry) };
}

function sourceUrls(poetry: TomlTable): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>([['pypi', undefined]]);
  for (const item of getTables(poetry, 'source')) {
    const name = getString(item, 'name');
    if (name !== undefined) out.set(name.toLowerCase(), getString(item, 'url'));
  }
  return out;
}

function readEntry(ctx: PyprojectContext, entry: TomlEntry, section: string, sources: Sources): void {
  const node = entry.node;
  const base: Base = { registry: 'pypi', name: entry.key, normalizedName: normalizePypiName(entry.key), section };
  if (sources.project !== undefined) base.indexUrl = sources.project;
  if (node.type === 'string') {
    addConverted(ctx, { ...base, specifier: node.value, range: ctx.doc.range(entry.start, entry.end) }, node.value);
  } else if (node.type === 'table') {
    fromTable(ctx, base, node, entry, sources);
  } else if (node.type === 'array' && node.items.length > 0 && node.items.every((i) => i.type === 'table')) {
    for (const item of node.items) fromTable(ctx, base, item, item, sources);
  } else {
    ctx.problem(`${entry.key}: expected a version string, a table or an array of tables`, entry, 'warning');
  }
}

type Base = Pick<Dependency, 'registry' | 'name' | 'normalizedName' | 'section' | 'indexUrl'>;

function fromTable(ctx: PyprojectContext, base: Base, table: TomlTable, span: TomlSpan, sources: Sources): void {
  const dep: Dependency = {
    ...base,
    specifier: specifierText(ctx, table),
    kind: 'range',
    constraint: '',
    range: ctx.doc.range(span.start, span.end),
  };
  const extras = table.entries.get('extras')?.node;
  if (extras?.type === 'array') dep.extras = extras.items.flatMap((e) => (e.type === 'string' ? [e.value] : []));
  const markers = getString(table, 'markers');
  if (markers !== undefined) dep.markers = markers;
  const skip = nonRegistry(table);
  if (skip) {
    ctx.add({ ...dep, kind: skip.kind, skipReason: skip.reason });
    return;
  }
  const source = getString(table, 'source');
  if (source !== undefined) {
    if (!sources.byName.has(source.toLowerCase())) ctx.problem(`${base.name}: source ${source} is not declared in [[tool.poetry.source]]`, span, 'warning');
    else setIndex(dep, sources.byName.get(source.toLowerCase()));
  }
  const version = table.entries.get('version')?.node;
  if (version && version.type !== 'string') {
    ctx.add({ ...dep, kind: 'invalid' }, 'version must be a string');
    return;
  }
  addConverted(ctx, dep, version?.value ?? '*');
}

/** A Poetry or uv source table naming git, a local path or a URL: not from a package index. */
export function nonRegistry(table: TomlTable): { kind: Dependency['kind']; reason: string } | undefined {
  const git = getString(table, 'git');
  if (git !== undefined) return { kind: 'git', reason: `installed from the git repository ${git}, not from a package index` };
  const path = getString(table, 'path');
  if (path !== undefined) return { kind: 'path', reason: `installed from the local path ${path}, not from a package index` };
  const url = getString(table, 'url');
  if (url !== undefined) return { kind: 'url', reason: `installed from the URL ${url}, not from a package index` };
  return undefined;
}

function addConverted(ctx: PyprojectContext, dep: Omit<Dependency, 'kind' | 'constraint'>, constraint: string): void {
  const converted = poetryToPep440(constraint);
  if (!converted.ok) {
    ctx.add({ ...dep, kind: 'invalid', constraint: '' }, converted.reason);
    return;
  }
  const classified = classifyPep440Specifier(converted.specifier);
  ctx.add({ ...dep, kind: classified.kind, constraint: classified.constraint }, classified.reason);
}

/** Inline tables are shown as written; an expanded `[…name]` table as the equivalent inline table. */
function specifierText(ctx: PyprojectContext, table: TomlTable): string {
  if (ctx.text[table.start] === '{') return ctx.raw(table);
  const pairs = [...table.entries.values()].map((e) => ctx.raw(e).trim());
  return `{ ${pairs.join(', ')} }`;
}

/** Applies a `[tool.poetry.dependencies]` entry's source or git/path/url to the PEP 621 dependencies it names. */
function enrichFrom(ctx: PyprojectContext, entry: TomlEntry, targets: Dependency[], sources: Sources): void {
  const node: TomlNode = entry.node;
  if (node.type !== 'table') return;
  const skip = nonRegistry(node);
  const source = getString(node, 'source');
  for (const dep of targets) {
    if (skip) {
      dep.kind = skip.kind;
      dep.skipReason = skip.reason;
      delete dep.indexUrl;
    } else if (source !== undefined && sources.byName.has(source.toLowerCase())) {
      setIndex(dep, sources.byName.get(source.toLowerCase()));
    }
  }
  if (source !== undefined && !sources.byName.has(source.toLowerCase())) {
    ctx.problem(`${entry.key}: source ${source} is not declared in [[tool.poetry.source]]`, entry, 'warning');
  }
}

/** The index of the source an entry names: its url, or none for PyPI (whatever the project's index). */
function setIndex(dep: Pick<Dependency, 'indexUrl'>, url: string | undefined): void {
  if (url !== undefined) dep.indexUrl = url;
  else delete dep.indexUrl;
}
