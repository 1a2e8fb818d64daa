/**
 * The index a Poetry or uv project installs a dependency from when the entry names none
 * (docs/formats/pyproject.md, "Project-wide sources"). A private index that replaces PyPI or is
 * searched before it may serve packages PyPI does not have: their names must reach neither SIGMA nor
 * PyPI unless the user allows that host (docs/security.md), so such a dependency carries the index
 * as its `indexUrl`, exactly as if it named the source itself.
 */
import type { Dependency } from '../../model';
import { getFlag, getString, getTables, type TomlTable } from './toml';

/** PyPI's own simple index: naming it changes nothing. */
export const PYPI_SIMPLE = /^https?:\/\/(?:pypi\.org|pypi\.python\.org)\/simple\/?$/;

/** The URL unless it is PyPI's own simple index (or absent). */
export function privateIndex(url: string | undefined): string | undefined {
  return url !== undefined && !PYPI_SIMPLE.test(url.trim()) ? url : undefined;
}

/**
 * `[[tool.poetry.source]]`: a source with `default = true` (Poetry 1.x) or `priority = "default"`
 * replaces PyPI; a `priority = "primary"` source, or one with no priority and no `secondary` flag,
 * is searched before PyPI (Poetry 1.5+ even disables PyPI then). `secondary`, `supplemental` and
 * `explicit` sources serve only what the primary ones lack or what names them.
 */
export function poetryProjectIndex(poetry: TomlTable): string | undefined {
  const sources = getTables(poetry, 'source');
  const priority = (s: TomlTable) => getString(s, 'priority')?.toLowerCase();
  const replacing = sources.find((s) => getFlag(s, 'default') || priority(s) === 'default');
  if (replacing) return privateIndex(getString(replacing, 'url'));
  const primary = sources.filter((s) => priority(s) === 'primary' || (priority(s) === undefined && !getFlag(s, 'secondary')));
  return primary.map((s) => privateIndex(getString(s, 'url'))).find((url) => url !== undefined);
}

/**
 * uv: `[[tool.uv.index]]` entries that are not `explicit` are searched before PyPI (and one marked
 * `default` replaces it); the older `[tool.uv] index-url` / `extra-index-url` likewise.
 */
export function uvProjectIndex(uv: TomlTable | undefined): string | undefined {
  if (!uv) return undefined;
  const indexes = getTables(uv, 'index').filter((i) => !getFlag(i, 'explicit'));
  const extra = uv.entries.get('extra-index-url')?.node;
  const urls = [
    ...indexes.map((i) => getString(i, 'url')),
    ...(extra?.type === 'array' ? extra.items.map((i) => (i.type === 'string' ? i.value : undefined)) : []),
    getString(uv, 'index-url'),
  ];
  return urls.map(privateIndex).find((url) => url !== undefined);
}

/** Points every registry dependency that names no index of its own at the project's. */
export function applyProjectIndex(deps: readonly Dependency[], url: string | undefined): void {
  if (url === undefined) return;
  for (const dep of deps) {
    if (dep.skipReason === undefined && dep.indexUrl === undefined && dep.registry === 'pypi') dep.indexUrl = url;
  }
}
