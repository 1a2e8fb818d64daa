/**
 * pyproject.toml → dependencies: PEP 621 `[project]`, PEP 735 `[dependency-groups]`, Poetry, uv and
 * PDM sections (docs/formats/pyproject.md lists every form and what is skipped). Ranges are raw source
 * offsets from the TOML tree; for PEP 508 strings the range is the string literal, quotes included.
 */
import type { Dependency, ParsedManifest } from '../../model';
import { normalizePypiName } from './pep503';
import { readDependencyGroups } from './pyDependencyGroups';
import { applyProjectIndex, uvProjectIndex } from './projectIndex';
import { nonRegistry, readPoetry } from './pyPoetry';
import { addRequirementString, PyprojectContext } from './pyRequirementString';
import { getEntry, getFlag, getString, getTable, getTables, parseTomlTree, type TomlEntry, type TomlNode, type TomlTable } from './toml';

export function parsePyproject(text: string): ParsedManifest {
  const doc = parseTomlTree(text);
  const ctx = new PyprojectContext(text, doc);
  for (const e of doc.errors) ctx.problem(e.message, e, 'error');
  const root = doc.root;

  // Dependencies that tool.uv.sources may redirect (uv reads them from these sections only).
  const uvScoped: Dependency[] = [];
  const project = getTable(root, 'project');
  const pep621 = readArray(ctx, getEntry(project, 'dependencies'), 'project.dependencies');
  uvScoped.push(...pep621);
  checkDynamic(ctx, project);
  for (const [extra, entry] of getTable(project, 'optional-dependencies')?.entries ?? []) {
    uvScoped.push(...readArray(ctx, entry, `project.optional-dependencies.${extra}`));
  }
  const groups = getTable(root, 'dependency-groups');
  if (groups) uvScoped.push(...readDependencyGroups(ctx, groups));
  uvScoped.push(...readArray(ctx, getEntry(root, 'tool', 'uv', 'dev-dependencies'), 'tool.uv.dev-dependencies'));
  applyUvSources(ctx, getTable(root, 'tool', 'uv'), uvScoped);
  applyProjectIndex(uvScoped, uvProjectIndex(getTable(root, 'tool', 'uv')));

  const poetry = getTable(root, 'tool', 'poetry');
  if (poetry) readPoetry(ctx, poetry, pep621);

  for (const [group, entry] of getTable(root, 'tool', 'pdm', 'dev-dependencies')?.entries ?? []) {
    readArray(ctx, entry, `tool.pdm.dev-dependencies.${group}`);
  }
  return { kind: 'pyproject.toml', dependencies: ctx.dependencies, errors: ctx.errors };
}

/** An array of PEP 508 strings; anything else in it is a warning, not a stop. */
function readArray(ctx: PyprojectContext, entry: TomlEntry | undefined, section: string): Dependency[] {
  if (!entry) return [];
  if (entry.node.type !== 'array') {
    ctx.problem(`${section} must be an array of requirement strings`, entry, 'warning');
    return [];
  }
  const added: Dependency[] = [];
  for (const item of entry.node.items) {
    if (item.type !== 'string') {
      ctx.problem(`Expected a requirement string in ${section}`, item, 'warning');
      continue;
    }
    const dep = addRequirementString(ctx, item, section);
    if (dep) added.push(dep);
  }
  return added;
}

/**
 * `dynamic = ["dependencies"]` means a build backend computes them, so there is nothing to read and
 * nothing wrong. Listing them both as dynamic and statically is invalid per PEP 621.
 */
function checkDynamic(ctx: PyprojectContext, project: TomlTable | undefined): void {
  const dynamic = getEntry(project, 'dynamic')?.node;
  if (dynamic?.type !== 'array') return;
  for (const item of dynamic.items) {
    if (item.type !== 'string') continue;
    const field = item.value;
    if ((field === 'dependencies' || field === 'optional-dependencies') && getEntry(project, field)) {
      ctx.problem(`project.${field} is listed in project.dynamic but also declared statically`, item, 'warning');
    }
  }
}

/**
 * `[tool.uv.sources]`: `workspace`, `git`, `path` and `url` sources mean the package does not come from
 * an index, so the dependency is skipped; `index = "name"` points it at a `[[tool.uv.index]]`. For a
 * list of conditional sources, any non-index source skips it (what gets installed depends on the
 * platform), otherwise the first index applies.
 */
function applyUvSources(ctx: PyprojectContext, uv: TomlTable | undefined, deps: Dependency[]): void {
  const sources = getTable(uv, 'sources');
  if (!sources) return;
  const indexes = new Map<string, string | undefined>();
  for (const item of getTables(uv, 'index')) {
    const name = getString(item, 'name');
    if (name !== undefined) indexes.set(name, getString(item, 'url'));
  }
  const byName = new Map<string, { skip?: { kind: Dependency['kind']; reason: string }; indexUrl?: string }>();
  for (const [name, entry] of sources.entries) {
    const options: TomlNode[] = entry.node.type === 'array' ? entry.node.items : [entry.node];
    let skip: { kind: Dependency['kind']; reason: string } | undefined;
    let indexUrl: string | undefined;
    for (const option of options) {
      if (option.type !== 'table') {
        ctx.problem(`tool.uv.sources.${name} must be a table or an array of tables`, option, 'warning');
        continue;
      }
      skip ??= uvSkip(option);
      const index = getString(option, 'index');
      if (index === undefined) continue;
      if (!indexes.has(index)) ctx.problem(`${name}: index ${index} is not declared in [[tool.uv.index]]`, option, 'warning');
      indexUrl ??= indexes.get(index);
    }
    byName.set(normalizePypiName(name), { skip, indexUrl });
  }
  for (const dep of deps) {
    const source = byName.get(dep.normalizedName);
    if (source?.skip) {
      dep.kind = source.skip.kind;
      dep.skipReason = source.skip.reason;
    } else if (source?.indexUrl !== undefined && dep.skipReason === undefined) {
      dep.indexUrl = source.indexUrl;
    }
  }
}

function uvSkip(option: TomlTable): { kind: Dependency['kind']; reason: string } | undefined {
  if (getFlag(option, 'workspace')) {
    return { kind: 'workspace', reason: 'a member of this uv workspace, built from source' };
  }
  return nonRegistry(option);
}
