/**
 * The parents' ranges for the override quick fix (features/overrideAction.ts) when the lockfile
 * records only the versions it picked: pnpm-lock.yaml (`snapshots` / `packages` map each dependency to
 * a version) and uv.lock (`dependencies = [{ name = … }]`). What a parent asks for is then what that
 * exact parent version declares on the registry — the npm packument's `dependencies`,
 * `optionalDependencies` and `peerDependencies`, PyPI's `requires_dist` — which is also what the
 * package manager read when it wrote the lockfile (docs/tree.md, "Override quick fix").
 */
import * as semver from 'semver';
import type { SigmaSettings } from '../settings';
import { normalizePypiName } from '../parse/python/pep503';
import { parsePep508 } from '../parse/python/pep508';
import type { VersionSource } from '../resolve/versionSource';
import type { DependencyTree, NodeIndex } from '../tree/types';

/** The distinct parent packages (name, version) of the nodes given: a package installed twice is asked once. */
function distinctParents(tree: DependencyTree, parents: NodeIndex[]): Array<{ name: string; version: string }> {
  const seen = new Map<string, { name: string; version: string }>();
  for (const i of parents) {
    const node = tree.nodes[i];
    if (!seen.has(node.key)) seen.set(node.key, { name: node.name, version: node.version });
  }
  return [...seen.values()];
}

/** npm (pnpm-lock.yaml): each parent version's declared range for `name` (an `npm:` alias of it counts); undefined when one is unknown or not a semver range. */
export async function declaredNpmRanges(versions: VersionSource, settings: SigmaSettings, tree: DependencyTree, parents: NodeIndex[], name: string, signal: AbortSignal): Promise<string[] | undefined> {
  const ranges: string[] = [];
  for (const parent of distinctParents(tree, parents)) {
    const got = await versions.npmDeclared(settings.npmRegistryUrl, parent.name, parent.version, signal);
    if (!('value' in got)) return undefined;
    let spec: string | undefined = got.value[name];
    if (spec === undefined) {
      // An alias (`"my-ms": "npm:ms@^2"`) installs `name` under another key.
      const alias = Object.values(got.value).find((v) => v.startsWith(`npm:${name}@`));
      spec = alias?.slice(`npm:${name}@`.length);
    } else if (spec.startsWith(`npm:${name}@`)) {
      spec = spec.slice(`npm:${name}@`.length);
    }
    if (spec === undefined || semver.validRange(spec) === null) return undefined;
    ranges.push(spec);
  }
  return ranges;
}

/**
 * PyPI (uv.lock): each parent release's specifiers for `name` in `requires_dist` ('' when it names it
 * without one). Every entry naming it counts, whatever its markers (uv locks every environment), so
 * the version must satisfy them all. Undefined when a parent's release cannot be read or does not name it.
 */
export async function declaredPypiSpecifiers(versions: VersionSource, settings: SigmaSettings, tree: DependencyTree, parents: NodeIndex[], name: string, signal: AbortSignal): Promise<string[] | undefined> {
  const wanted = normalizePypiName(name);
  const specifiers: string[] = [];
  for (const parent of distinctParents(tree, parents)) {
    const got = await versions.pypiRequiresDist(settings.pypiUrl, parent.name, parent.version, signal);
    if (!('value' in got)) return undefined;
    const own = got.value.map(parsePep508).filter((r) => r.ok && r.requirement.normalizedName === wanted && r.requirement.url === undefined);
    if (own.length === 0) return undefined;
    for (const r of own) if (r.ok) specifiers.push(r.requirement.specifier);
  }
  return specifiers;
}
