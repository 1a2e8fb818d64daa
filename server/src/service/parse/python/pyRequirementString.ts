/**
 * What every pyproject.toml section parser shares: where results go, and how one PEP 508 string
 * (PEP 621, PEP 735, uv and PDM all use them) becomes a Dependency whose range is the string literal.
 */
import type { Dependency, ParseProblem } from '../../model';
import { classifyPep440Specifier, classifyRequirementUrl, parsePep508 } from './pep508';
import type { TomlDocument, TomlSpan, TomlString } from './toml';

export class PyprojectContext {
  readonly dependencies: Dependency[] = [];
  readonly errors: ParseProblem[] = [];

  constructor(
    readonly text: string,
    readonly doc: TomlDocument,
  ) {}

  problem(message: string, span: TomlSpan, severity: ParseProblem['severity']): void {
    this.errors.push({ message, range: this.doc.range(span.start, span.end), severity });
  }

  raw(span: TomlSpan): string {
    return this.text.slice(span.start, span.end);
  }

  /**
   * Adds a dependency; an unreadable version becomes kind `invalid` plus a warning that says why, at
   * the same range, because the model has no other place for the reason of an unresolvable entry.
   */
  add(dep: Dependency, reason?: string): void {
    this.dependencies.push(dep);
    if (dep.kind === 'invalid' && reason) {
      this.errors.push({ message: `${dep.name}: ${reason}`, range: dep.range, severity: 'warning' });
    }
  }
}

/** Reads one PEP 508 string. Returns the dependency it added, or undefined when it was not readable. */
export function addRequirementString(ctx: PyprojectContext, node: TomlString, section: string): Dependency | undefined {
  let value = node.value;
  let editable = false;
  // PDM writes editable local packages as `-e name @ file:///…` or `-e file:///…#egg=name`.
  const dashE = /^\s*-e\s+/.exec(value);
  if (dashE && section.startsWith('tool.pdm.')) {
    editable = true;
    value = value.slice(dashE[0].length);
    const egg = /#egg=([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(value);
    if (egg && !/^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(value)) value = `${egg[1]} @ ${value.replace(/#.*$/, '')}`;
  }
  const parsed = parsePep508(value);
  const range = ctx.doc.range(node.start, node.end);
  if (!parsed.ok) {
    const at = editable ? null : rawOffsetOf(ctx.text, node);
    const span = at ? { start: at + parsed.start, end: at + Math.max(parsed.start, parsed.end) } : node;
    ctx.problem(parsed.message, span, 'error');
    return undefined;
  }
  const req = parsed.requirement;
  const base = {
    registry: 'pypi' as const,
    name: req.name,
    normalizedName: req.normalizedName,
    section,
    range,
    ...(req.extras.length > 0 ? { extras: req.extras } : {}),
    ...(req.markers !== undefined ? { markers: req.markers } : {}),
  };
  if (req.url !== undefined) {
    const how = classifyRequirementUrl(req.url);
    const dep: Dependency = { ...base, specifier: req.url, kind: how.kind, constraint: '', skipReason: editable ? `editable install: ${how.skipReason}` : how.skipReason };
    ctx.add(dep);
    return dep;
  }
  const classified = classifyPep440Specifier(req.specifier);
  const dep: Dependency = { ...base, specifier: req.specifier, kind: classified.kind, constraint: classified.constraint };
  ctx.add(dep, classified.reason);
  return dep;
}

/**
 * The raw offset where the decoded string value starts, when decoded offsets map one-to-one onto raw
 * ones (no escapes, no trimmed line break); otherwise null and problems cover the whole literal.
 */
function rawOffsetOf(text: string, node: TomlString): number | null {
  const quote = text.startsWith('"""', node.start) || text.startsWith("'''", node.start) ? 3 : 1;
  const inner = text.slice(node.start + quote, node.end - quote);
  return inner === node.value ? node.start + quote : null;
}
