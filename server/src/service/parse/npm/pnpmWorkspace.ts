/**
 * pnpm-workspace.yaml → the workspace's member globs and catalogs, and the step that gives a
 * package.json `catalog:` / `catalog:<name>` entry the range its catalog defines (docs/formats/pnpm.md).
 * `catalog:` and `catalog:default` name the default catalog (top-level `catalog:` or
 * `catalogs.default`). An entry whose catalog or name is missing stays skipped, saying which.
 */
import type { Dependency, ParsedManifest, ParseProblem } from '../../model';
import { readLockYaml, type YamlValue } from './lockYaml';
import { classifyNpmSpecifier } from './npmSpecifier';

/** Catalog name → package name → specifier. */
export type Catalogs = Map<string, Map<string, string>>;

export interface PnpmWorkspace {
  packages: string[];
  catalogs: Catalogs;
  errors: Pick<ParseProblem, 'message'>[];
}

export function parsePnpmWorkspace(text: string): PnpmWorkspace {
  const { read, errors } = readLockYaml(text);
  const out: PnpmWorkspace = { packages: [], catalogs: new Map(), errors: errors.map((e) => ({ message: `pnpm-workspace.yaml: ${e.message}` })) };
  if (!read) return out;
  const packages = read.root.get('packages');
  if (Array.isArray(packages)) out.packages = packages.filter((p): p is string => typeof p === 'string');
  const add = (name: string, table: YamlValue | undefined) => {
    if (!(table instanceof Map)) return;
    const catalog = out.catalogs.get(name) ?? new Map<string, string>();
    for (const [pkg, spec] of table) if (typeof spec === 'string') catalog.set(pkg, spec);
    out.catalogs.set(name, catalog);
  };
  add('default', read.root.get('catalog'));
  const named = read.root.get('catalogs');
  if (named instanceof Map) for (const [name, table] of named) add(name, table);
  return out;
}

/** The manifest with each `catalog:` entry given its catalog's specifier (classified as usual). */
export function applyCatalogs(parsed: ParsedManifest, catalogs: Catalogs | undefined): ParsedManifest {
  if (!catalogs || parsed.kind !== 'package.json' || !parsed.dependencies.some((d) => d.kind === 'catalog')) return parsed;
  return { ...parsed, dependencies: parsed.dependencies.map((d) => (d.kind === 'catalog' ? fromCatalog(d, catalogs) : d)) };
}

function fromCatalog(dep: Dependency, catalogs: Catalogs): Dependency {
  const name = dep.specifier.trim().slice('catalog:'.length).trim() || 'default';
  const catalog = catalogs.get(name);
  const spec = catalog?.get(dep.name);
  if (spec === undefined) {
    const where = catalog ? `the ${name} catalog has no entry for ${dep.name}` : `pnpm-workspace.yaml has no ${name === 'default' ? 'default catalog' : `catalog named ${name}`}`;
    return { ...dep, skipReason: `${dep.specifier}: ${where}, so its version cannot be read.` };
  }
  const classified = classifyNpmSpecifier(spec);
  const resolved: Dependency = { ...dep, kind: classified.kind, constraint: classified.constraint, normalizedName: classified.normalizedName ?? dep.name };
  if (classified.skipReason !== undefined) resolved.skipReason = classified.skipReason;
  else delete resolved.skipReason;
  return resolved;
}
