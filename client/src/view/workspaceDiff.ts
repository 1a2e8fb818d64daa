/**
 * Which draft items differ from what the open workspace resolves. Keys are registry + normalised
 * name; a version differs when no workspace entry of that package resolves to the draft's version.
 * Extras are workspace packages of the draft's registries that the draft does not list.
 */
import type { SummaryDependency } from '../../../shared/src/protocol';

export interface DiffItem {
  registrySource: string;
  packageName: string;
  packageVersion: string;
}

export type ItemDiff =
  | { kind: 'same' }
  /** In the draft, not in the open workspace. */
  | { kind: 'missing' }
  /** In both, but the workspace resolves other version(s); `null` when it could not resolve one. */
  | { kind: 'version'; workspaceVersions: (string | null)[] };

export interface WorkspaceExtra {
  registry: string;
  name: string;
  version: string | null;
}

export interface WorkspaceDiff {
  /** One entry per draft item, same order. */
  items: ItemDiff[];
  extras: WorkspaceExtra[];
}

/** npm names compare lower-cased; PyPI names by PEP 503 (runs of `-`, `_`, `.` are one `-`). */
export function normalizePackageName(registry: string, name: string): string {
  const lower = name.trim().toLowerCase();
  return registry.toLowerCase() === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

function key(registry: string, name: string): string {
  return `${registry.toLowerCase()}\u0000${normalizePackageName(registry, name)}`;
}

/** Dependencies that name a registry package (not git/file/url entries the server skipped). */
function comparable(deps: readonly SummaryDependency[]): SummaryDependency[] {
  return deps.filter((d) => d.status !== 'skipped');
}

export function diffWithWorkspace(items: readonly DiffItem[], dependencies: readonly SummaryDependency[]): WorkspaceDiff {
  const byKey = new Map<string, SummaryDependency[]>();
  for (const d of comparable(dependencies)) {
    const k = key(d.registry, d.normalizedName || d.name);
    const list = byKey.get(k);
    if (list) list.push(d);
    else byKey.set(k, [d]);
  }
  const draftKeys = new Set<string>();
  const registries = new Set<string>();
  const diffs = items.map((item): ItemDiff => {
    const k = key(item.registrySource, item.packageName);
    draftKeys.add(k);
    registries.add(item.registrySource.toLowerCase());
    const found = byKey.get(k);
    if (!found) return { kind: 'missing' };
    if (found.some((d) => d.version !== null && d.version.trim() === item.packageVersion.trim())) return { kind: 'same' };
    return { kind: 'version', workspaceVersions: [...new Set(found.map((d) => d.version))] };
  });
  const extras: WorkspaceExtra[] = [];
  const seen = new Set<string>();
  for (const d of comparable(dependencies)) {
    const k = key(d.registry, d.normalizedName || d.name);
    if (!registries.has(d.registry) || draftKeys.has(k) || seen.has(k)) continue;
    seen.add(k);
    extras.push({ registry: d.registry, name: d.name, version: d.version });
  }
  extras.sort((a, b) => (a.registry + a.name < b.registry + b.name ? -1 : 1));
  return { items: diffs, extras };
}
