/**
 * `${VAR}` references in requirements files (pip expands upper-case `${NAME}` only). Their values may
 * be secrets: a value is put into an index URL only at the moment it is sent to a host the user
 * allowed, and never anywhere else (docs/security.md). Pure: the environment is passed in.
 */

/** pip's pattern: upper-case names, digits and `_`, only in the `${NAME}` form. */
export const VARIABLE = /\$\{([A-Z0-9_]+)\}/g;

export interface VariableRef {
  name: string;
  /** Offsets of `${NAME}` in the text. */
  start: number;
  end: number;
}

export function variablesIn(text: string): VariableRef[] {
  if (!text.includes('${')) return [];
  const found: VariableRef[] = [];
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(text); m; m = VARIABLE.exec(text)) found.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  return found;
}

/** The text with every `${NAME}` replaced by its value, or the names that have none. */
export function expandVariables(text: string, env: Readonly<Record<string, string | undefined>>): { text: string } | { missing: string[] } {
  const refs = variablesIn(text);
  const missing = [...new Set(refs.filter((r) => env[r.name] === undefined).map((r) => r.name))];
  if (missing.length > 0) return { missing };
  let out = '';
  let cursor = 0;
  for (const r of refs) {
    out += text.slice(cursor, r.start) + (env[r.name] ?? '');
    cursor = r.end;
  }
  return { text: out + text.slice(cursor) };
}

/** `${A}, ${B}` for messages: the names as written, never a value. */
export function namesAsWritten(names: readonly string[]): string {
  return names.map((n) => `\${${n}}`).join(', ');
}
