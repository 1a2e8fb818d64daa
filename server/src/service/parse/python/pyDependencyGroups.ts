/**
 * PEP 735 `[dependency-groups]`. Each requirement is reported once, in the group that declares it:
 * an `{include-group = "…"}` adds no copies, because the same text would otherwise carry two
 * diagnostics. Includes are still checked: an unknown group is a warning and an include that is part
 * of a cycle is an error, both at the include table.
 */
import { normalizePypiName } from './pep503';
import { addRequirementString, type PyprojectContext } from './pyRequirementString';
import type { Dependency } from '../../model';
import type { TomlSpan, TomlTable } from './toml';

interface Include {
  from: string;
  to: string;
  written: string;
  span: TomlSpan;
}

/** Returns the dependencies it added, so uv sources can be applied to them. */
export function readDependencyGroups(ctx: PyprojectContext, groups: TomlTable): Dependency[] {
  const added: Dependency[] = [];
  // Group names compare PEP 503-normalised (PEP 735), but sections keep the name as written.
  const declared = new Map<string, string>();
  for (const name of groups.entries.keys()) declared.set(normalizePypiName(name), name);
  const includes: Include[] = [];

  for (const [name, entry] of groups.entries) {
    const section = `dependency-groups.${name}`;
    if (entry.node.type !== 'array') {
      ctx.problem(`[dependency-groups] ${name} must be an array of requirement strings`, entry, 'warning');
      continue;
    }
    for (const item of entry.node.items) {
      if (item.type === 'string') {
        const dep = addRequirementString(ctx, item, section);
        if (dep) added.push(dep);
        continue;
      }
      const target = item.type === 'table' ? item.entries.get('include-group')?.node : undefined;
      if (target?.type === 'string' && item.type === 'table' && item.entries.size === 1) {
        includes.push({ from: normalizePypiName(name), to: normalizePypiName(target.value), written: target.value, span: item });
      } else {
        ctx.problem(`Expected a requirement string or {include-group = "…"} in dependency group ${name}`, item, 'warning');
      }
    }
  }

  for (const inc of includes) {
    if (!declared.has(inc.to)) {
      ctx.problem(`Dependency group ${declared.get(inc.from)} includes unknown group ${inc.written}`, inc.span, 'warning');
    } else if (reaches(includes, inc.to, inc.from)) {
      ctx.problem(`Dependency group ${declared.get(inc.from)} includes ${inc.written}, which includes it back (cycle)`, inc.span, 'error');
    }
  }
  return added;
}

/** True when `goal` can be reached from `start` by following includes (`start === goal` counts). */
function reaches(includes: Include[], start: string, goal: string): boolean {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const group = stack.pop() as string;
    if (group === goal) return true;
    if (seen.has(group)) continue;
    seen.add(group);
    for (const inc of includes) if (inc.from === group) stack.push(inc.to);
  }
  return false;
}
