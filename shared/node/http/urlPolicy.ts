/**
 * Which URLs the client may talk to, and how a URL may appear in messages and logs.
 * docs/security.md: HTTPS everywhere, plain HTTP only for loopback; the token never leaves its origin.
 * Loopback is the one rule of shared/src/urls.ts, which the service's URL checks use too.
 */
import { isLoopbackHost } from '../../src/urls';

export { isLoopbackHost };

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
