/**
 * Which URLs the client may talk to, and how a URL may appear in messages and logs.
 * sigma-api.md §5: HTTPS everywhere, plain HTTP only for loopback; the token never leaves its origin.
 */

/** `localhost`, `127.0.0.0/8` and `::1` (with or without the URL brackets). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  // IPv4-mapped IPv6 of a loopback address, as WHATWG URL prints it (`::ffff:7f00:1`).
  if (/^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)) return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}

/** Why a URL may not be requested at all, or undefined when it may. */
export function urlRefusal(url: URL): string | undefined {
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:') {
    return isLoopbackHost(url.hostname) ? undefined : 'plain HTTP is only allowed for loopback addresses; use HTTPS';
  }
  return `unsupported protocol ${url.protocol}`;
}

/**
 * The URL as it may appear in a message or a log line: origin and path only. Query strings and
 * fragments can carry secrets, and user info (`user:pass@`) always does.
 */
export function displayUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Parses a URL, or undefined when it is not one. */
export function parseUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

/**
 * The headers to send to a redirect target. Leaving the original origin drops `authorization`,
 * `cookie`, `proxy-authorization` and every header named in `sensitiveHeaders` (lower case).
 */
export function headersForRedirect(
  headers: Record<string, string>,
  from: URL,
  to: URL,
  sensitiveHeaders: ReadonlySet<string>,
): Record<string, string> {
  if (from.origin === to.origin) return headers;
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (ALWAYS_SENSITIVE.has(lower) || sensitiveHeaders.has(lower)) continue;
    kept[name] = value;
  }
  return kept;
}

const ALWAYS_SENSITIVE: ReadonlySet<string> = new Set(['authorization', 'cookie', 'proxy-authorization']);
