/**
 * Safe URLs from untrusted text. Names and versions come from manifests, draft ids from users, so
 * each one is encoded as exactly one path segment and the result is checked once more with the
 * WHATWG URL parser — the same parser the HTTP adapter uses — so that no name can change which
 * path is requested. Used by the service's endpoint builders and by the draft preview.
 */

/** A name, version or base URL that cannot be turned into a safe request. */
export class UnsafeUrlError extends Error {
  override readonly name = 'UnsafeUrlError';
}

/**
 * One path segment. `encodeURIComponent` handles `/ ? # %`, spaces, controls and Unicode, but
 * leaves `.` alone, and the WHATWG parser treats `.`, `..` and their percent-encoded spellings
 * (`%2E`, `.%2e`, …) as dot-segments and removes them (measured: `new URL('http://h/a/%2E%2E/b')`
 * has path `/b`). No encoding of a dot-only segment survives that parser, and no registry allows
 * such a name or version, so they are refused instead of sent.
 */
export function encodeSegment(value: string): string {
  if (value === '') throw new UnsafeUrlError('an empty name or version cannot be looked up');
  if (value === '.' || value === '..') throw new UnsafeUrlError(`"${value}" is not a package name or version`);
  try {
    return encodeURIComponent(value);
  } catch {
    // encodeURIComponent throws on lone surrogates: such text is not a name any registry serves.
    throw new UnsafeUrlError('the name or version is not well-formed Unicode');
  }
}

/**
 * The base URL without a trailing slash, query or fragment, keeping its path (`https://h/sigma/` →
 * `https://h/sigma`) so a deployment under a path prefix works. Only http(s) bases are accepted.
 */
export function baseRoot(base: string): string {
  return parsedBase(base).root;
}

interface ParsedBase {
  root: string;
  /** The root's path as the WHATWG parser gives it, without a trailing slash. */
  rootPath: string;
}

/**
 * The few configured bases, parsed once: every certificate, verify and fallback URL starts from one
 * of them, and parsing the same base several times per request was a visible share of the cold
 * check's CPU (bench/, cold_complete). Small and keyed by the setting's text, so it cannot grow.
 */
const parsedBases = new Map<string, ParsedBase>();
const MAX_PARSED_BASES = 16;

function parsedBase(base: string): ParsedBase {
  const known = parsedBases.get(base);
  if (known) return known;
  let url: URL;
  try {
    url = new URL(base.trim());
  } catch {
    throw new UnsafeUrlError(`"${base.slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UnsafeUrlError(`"${url.protocol}" URLs are not supported; use https://`);
  }
  const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  const parsed: ParsedBase = { root, rootPath: new URL(root).pathname.replace(/\/+$/, '') };
  if (parsedBases.size >= MAX_PARSED_BASES) parsedBases.clear();
  parsedBases.set(base, parsed);
  return parsed;
}

/** Joins encoded segments under the base and verifies the parser keeps them exactly as built. */
export function joinSegments(base: string, segments: readonly string[]): string {
  const { root, rootPath } = parsedBase(base);
  const joined = segments.join('/');
  const url = `${root}/${joined}`;
  if (new URL(url).pathname !== `${rootPath}/${joined}`) throw new UnsafeUrlError('the name or version would change the request path');
  return url;
}

/**
 * True for hosts that can only be this machine: `localhost`, 127.0.0.0/8 and `::1`, in any spelling
 * the WHATWG URL parser accepts for them (`2130706433`, `127.1`, `[0:0::1]`, `::1` without brackets),
 * and the IPv4-mapped form of 127.0.0.0/8 (`[::ffff:127.0.0.1]`, which the parser prints as
 * `[::ffff:7f00:1]`). The one rule for every caller: the HTTP client's plain-HTTP gate, the proxy
 * bypass and the draft preview's clear-text check (docs/security.md, "Which hosts count as loopback").
 *
 * Names are taken literally: `api.localhost` and `localhost.` are not loopback, because whether they
 * resolve to this machine depends on the resolver (glibc sends both to DNS unless a local module
 * answers them), and plain HTTP with a token must not depend on that.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = canonicalHost(hostname);
  if (host === undefined) return false;
  if (host === 'localhost' || host === '[::1]') return true;
  if (/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)) return true;
  // The parser has already turned every IPv4 spelling into four decimal octets (each at most 255).
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host as the WHATWG URL parser writes it (lower case, IPv4 dotted, IPv6 compressed in brackets), or undefined. */
function canonicalHost(hostname: string): string | undefined {
  const text = hostname.trim();
  if (text === '') return undefined;
  // A bare IPv6 address (`::1`) needs its brackets back before the parser can read it as a host.
  const bracketed = text.includes(':') && !text.startsWith('[') ? `[${text}]` : text;
  try {
    const url = new URL(`http://${bracketed}/`);
    // Anything that parsed as more than a host (`a@b`, `a/b`, `a:1`) is not a host name.
    return url.host === url.hostname && url.href === `http://${url.host}/` ? url.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** `text` as a parsed http(s) URL, or undefined when it is not one. */
export function webUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The few configured bases' origins, parsed once (each certificate compares its verify URL with the API's). */
const webOrigins = new Map<string, string | undefined>();

/** The origin of an http(s) URL, or undefined; remembered per text, for configured bases (small and bounded, like `parsedBases`). */
export function webOrigin(base: string): string | undefined {
  if (webOrigins.has(base)) return webOrigins.get(base);
  const origin = webUrl(base)?.origin;
  if (webOrigins.size >= MAX_PARSED_BASES) webOrigins.clear();
  webOrigins.set(base, origin);
  return origin;
}

/** True when both are parseable http(s) URLs with the same scheme, host and (effective) port. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const left = new URL(a);
    const right = new URL(b);
    const web = (url: URL): boolean => url.protocol === 'https:' || url.protocol === 'http:';
    return web(left) && web(right) && left.origin === right.origin;
  } catch {
    return false;
  }
}

/** True when `url` would send data in clear text to another machine (plain http, not loopback). */
export function isInsecureRemote(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname);
}
