/**
 * Where the product may send a request (docs/security.md, "What a manifest may not decide"): the
 * origins (scheme, host and port) of the three configured URLs, and the hosts the user listed in
 * `sigma.allowedIndexHosts` (`host` for any port, `host:port` for one). A manifest's own index on any
 * other host is never contacted. Pure, so the HTTP client (the one place every request goes through)
 * and the resolver share one rule.
 */

export interface AllowedHost {
  /** Lower case, IPv6 without brackets. */
  host: string;
  /** Undefined: any port. */
  port?: string;
}

export interface Destinations {
  origins: string[];
  hosts: AllowedHost[];
}

/** The configured URLs and allowed hosts a destination policy is built from. */
export interface DestinationSettings {
  apiUrl: string;
  npmRegistryUrl: string;
  pypiUrl: string;
  allowedIndexHosts: readonly string[];
}

export const ALLOW_SETTING = 'sigma.allowedIndexHosts';
export const ALLOW_FLAG = '--allow-index-host';

/**
 * Reads one `sigma.allowedIndexHosts` entry: `host`, `host:port`, `[v6]` or `[v6]:port`. Undefined for
 * anything else (a URL, a path, a wildcard): an entry that is not plainly one host allows nothing.
 */
export function parseAllowedHost(entry: string): AllowedHost | undefined {
  const text = entry.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(text);
  if (v6) return withPort(v6[1], v6[2]);
  const plain = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(?::(\d{1,5}))?$/.exec(text);
  return plain ? withPort(plain[1], plain[5]) : undefined;
}

function withPort(host: string, port: string | undefined): AllowedHost | undefined {
  if (port === undefined) return { host };
  const n = Number(port);
  return n >= 1 && n <= 65535 ? { host, port: String(n) } : undefined;
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function destinationsFor(settings: DestinationSettings): Destinations {
  const origins = [settings.apiUrl, settings.npmRegistryUrl, settings.pypiUrl].map(originOf).filter((o): o is string => o !== undefined);
  const hosts = settings.allowedIndexHosts.map(parseAllowedHost).filter((h): h is AllowedHost => h !== undefined);
  return { origins, hosts };
}

/** Both policies together: what either allows. */
export function mergeDestinations(a: Destinations, b: Destinations): Destinations {
  return { origins: [...new Set([...a.origins, ...b.origins])], hosts: [...a.hosts, ...b.hosts.filter((h) => !a.hosts.some((k) => k.host === h.host && k.port === h.port))] };
}

function defaultPort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
}

/** True when `url`'s host is one the user listed in `sigma.allowedIndexHosts` (not merely a configured origin). */
export function isAllowedIndexHost(url: URL, destinations: Destinations): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = defaultPort(url);
  return destinations.hosts.some((h) => h.host === host && (h.port === undefined || h.port === port));
}

/** Why `url` may not be contacted, naming its host and the setting that would allow it; undefined when it may. */
export function destinationRefusal(url: URL, destinations: Destinations): string | undefined {
  const why = hostRefusal(url, destinations);
  return why === undefined ? undefined : `not contacted: ${why}`;
}

/** `destinationRefusal` without its "not contacted: " lead, for sentences that say what was not done themselves. */
export function hostRefusal(url: URL, destinations: Destinations): string | undefined {
  if (destinations.origins.includes(url.origin) || isAllowedIndexHost(url, destinations)) return undefined;
  return `${url.host} is not one of the configured registries; add "${url.host}" to ${ALLOW_SETTING} in your user settings (CLI: ${ALLOW_FLAG} ${url.host}) to allow it`;
}
