/**
 * Which proxy, if any, a request goes through. VS Code's `http.proxy` (and `http.noProxy`) win;
 * outside VS Code the conventional environment variables apply. Pure functions: the environment is
 * passed in so tests need not touch `process.env`.
 */
import { isLoopbackHost } from './urlPolicy';

export interface ProxySettings {
  /** An explicit proxy (`http.proxy`); takes precedence over the environment. */
  proxyUrl?: string;
  /** Hosts never proxied (`http.noProxy`), in NO_PROXY syntax, added to the environment's list. */
  noProxy?: readonly string[];
  /** Read HTTPS_PROXY / HTTP_PROXY / NO_PROXY from `env`. */
  useEnvProxy?: boolean;
  env?: Readonly<Record<string, string | undefined>>;
}

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function resolveProxy(target: URL, settings: ProxySettings): string | undefined {
  if (isLoopbackHost(target.hostname)) return undefined;
  const env = settings.useEnvProxy ? (settings.env ?? {}) : {};
  const configured = nonEmpty(settings.proxyUrl) ?? proxyFromEnv(target, env);
  if (configured === undefined) return undefined;
  // `proxy.corp:3128` is a common way to write it; URL parsing would take `proxy.corp:` as the scheme.
  const proxy = /^[a-z][a-z0-9+.-]*:\/\//i.test(configured) ? configured : `http://${configured}`;
  const noProxy = [...(settings.noProxy ?? []), ...splitList(envValue(env, 'NO_PROXY') ?? '')];
  return matchesNoProxy(target, noProxy) ? undefined : proxy;
}

/**
 * HTTPS targets use HTTPS_PROXY and fall back to HTTP_PROXY (a plain proxy still tunnels TLS with
 * CONNECT), as VS Code does; HTTP targets use HTTP_PROXY only.
 */
function proxyFromEnv(target: URL, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const https = target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : undefined;
  return https ?? envValue(env, 'HTTP_PROXY');
}

/** Lower case wins over upper case, as in curl. */
function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return nonEmpty(env[name.toLowerCase()]) ?? nonEmpty(env[name]);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function splitList(value: string): string[] {
  return value.split(/[\s,]+/).filter((entry) => entry.length > 0);
}

/**
 * NO_PROXY semantics (curl's, which most tools follow): `*` matches everything; `example.com`,
 * `.example.com` and `*.example.com` match that host and every subdomain; `host:port` matches only
 * that port; IP addresses match exactly (with or without IPv6 brackets). Case-insensitive.
 */
export function matchesNoProxy(target: URL, entries: readonly string[]): boolean {
  const host = stripBrackets(target.hostname.toLowerCase());
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return entries.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (entry === '*') return true;
    const { name, entryPort } = splitHostPort(entry);
    if (entryPort !== undefined && entryPort !== port) return false;
    const suffix = name.replace(/^\*?\.?/, '');
    if (suffix.length === 0) return false;
    return host === suffix || host.endsWith(`.${suffix}`);
  });
}

function splitHostPort(entry: string): { name: string; entryPort?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1] ?? '', entryPort: bracketed[2] };
  // A bare IPv6 address has several colons and no port.
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [name, entryPort] = entry.split(':');
    if (entryPort !== undefined && /^\d+$/.test(entryPort)) return { name: name ?? '', entryPort };
  }
  return { name: entry };
}

function stripBrackets(host: string): string {
  return host.replace(/^\[|\]$/g, '');
}
