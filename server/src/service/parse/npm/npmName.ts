/**
 * npm package-name rules, kept to what matters for deciding whether a manifest key or an alias
 * target can name a registry package at all. Legacy upper-case names (`JSONStream`) stay valid
 * because they are still installable.
 */

const MAX_NAME_LENGTH = 214;

/**
 * The characters encodeURIComponent leaves alone. A regex instead of comparing with
 * encodeURIComponent's output: this runs for every entry of a 5,000-entry manifest.
 */
const URL_SAFE = /^[A-Za-z0-9\-_.!~*'()]+$/;

export function isUrlSafe(text: string): boolean {
  return URL_SAFE.test(text);
}

export function isValidNpmName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || name.trim() !== name) return false;
  if (name.startsWith('@')) {
    const slash = name.indexOf('/');
    if (slash < 0) return false;
    const scope = name.slice(1, slash);
    const bare = name.slice(slash + 1);
    return isUrlSafe(scope) && isUrlSafe(bare) && !bare.startsWith('.');
  }
  return isUrlSafe(name) && !name.startsWith('.') && !name.startsWith('_');
}

/**
 * Splits `name@spec` (also `@scope/name@spec`) at the `@` that starts the spec; the spec is
 * undefined when there is none. Used for `npm:` alias targets and `overrides` keys.
 */
export function splitNameAndSpec(text: string): { name: string; spec: string | undefined } {
  const at = text.indexOf('@', text.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: text, spec: undefined };
  return { name: text.slice(0, at), spec: text.slice(at + 1) };
}
