/**
 * VS Code's proxy settings for the language server: it makes the registry lookups, so it must use
 * the same proxy and TLS rules as the editor (`http.proxy`, `http.proxyStrictSSL`, `http.noProxy`),
 * at start and after every change. `get` reads one key of the `http` section; injected for tests.
 */
import type { ProxySettings } from '../../shared/src/protocol';

export const PROXY_KEYS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy'] as const;

export function proxySettingsFrom(get: (key: 'proxy' | 'proxyStrictSSL' | 'noProxy') => unknown): ProxySettings {
  const proxy = get('proxy');
  const strictSSL = get('proxyStrictSSL');
  const noProxy = get('noProxy');
  return {
    proxy: typeof proxy === 'string' ? proxy.trim() : '',
    strictSSL: typeof strictSSL === 'boolean' ? strictSSL : true,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((h): h is string => typeof h === 'string') : [],
  };
}

/** The same, in the shape of the server's initializationOptions. */
export function proxyInitOptions(settings: ProxySettings): { proxy: string; proxyStrictSSL: boolean; noProxy: string[] } {
  return { proxy: settings.proxy ?? '', proxyStrictSSL: settings.strictSSL ?? true, noProxy: settings.noProxy ?? [] };
}

/** Whether a configuration change touches what the server was given. */
export function affectsProxy(affects: (section: string) => boolean): boolean {
  return PROXY_KEYS.some((key) => affects(key));
}
