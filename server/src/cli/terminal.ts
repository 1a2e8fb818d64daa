/**
 * What the CLI may assume about where its output goes (docs/ci.md, "Output"): colour only on a
 * terminal or when FORCE_COLOR explicitly asks for it; a CI log or a file gets plain, whole lines.
 */

/** FORCE_COLOR values that ask for colour, as chalk and Node read them; '' and '0' do not. */
const FORCE_ON = new Set(['1', '2', '3', 'true']);

export function useColor(env: NodeJS.ProcessEnv, stdoutIsTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR?.trim().toLowerCase();
  if (force !== undefined && force !== '') return FORCE_ON.has(force);
  return stdoutIsTTY && env.TERM !== 'dumb';
}
