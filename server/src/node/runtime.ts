/**
 * The Node runtime of the service: the undici HTTP client, the disk cache, the clock, the files port
 * and a logger. The LSP server and the CLI build it and hand it to createSigmaService, so both
 * behave the same; tests pass fakes instead (test/helpers/).
 */
import type { SigmaSettings } from '../service/settings';
import { createHttpClient, type HttpClient } from '../../../shared/node/http/httpClient';
import type { SigmaRuntime } from '../service';
import type { Logger } from '../service/ports';
import { createDiskCache } from './cache/diskCache';
import { createNodeFiles } from './files';
import { destinationsFor, mergeDestinations, type Destinations } from '../../../shared/src/destinations';

export interface NodeRuntimeOptions {
  /** Folder of the persistent cache; memory only when absent. */
  cacheDir?: string;
  settings: SigmaSettings;
  logger?: Logger;
  /** VS Code's `http.proxy` / `http.proxyStrictSSL` / `http.noProxy`, when the client passes them. */
  proxyUrl?: string;
  strictSSL?: boolean;
  noProxy?: string[];
}

export interface NodeRuntime extends SigmaRuntime {
  readonly http: HttpClient;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function createNodeRuntime(opts: NodeRuntimeOptions): NodeRuntime {
  let limits = { maxConcurrentRequests: opts.settings.maxConcurrentRequests, requestTimeoutMs: opts.settings.requestTimeoutMs };
  /**
   * Where requests may go (docs/security.md): every request passes the HTTP client's gate. Settings
   * can differ per folder, so the destinations of every settings object in use are allowed.
   */
  let destinations: Destinations = destinationsFor(opts.settings);
  const http = createHttpClient({
    ...limits,
    destinations,
    proxyUrl: opts.proxyUrl,
    strictSSL: opts.strictSSL,
    noProxy: opts.noProxy,
    sensitiveHeaders: ['authorization'],
    userAgent: 'sigma-package-trust/0.1.0',
    logger: opts.logger,
  });
  const cache = createDiskCache({ dir: opts.cacheDir, logger: opts.logger });
  return {
    http,
    cache,
    clock: { now: () => Date.now() },
    files: createNodeFiles(),
    logger: opts.logger,
    setProxy(proxy) {
      http.updateOptions(proxy);
    },
    block(reason) {
      http.updateOptions({ blocked: reason });
    },
    resetDestinations(settings) {
      destinations = destinationsFor(settings);
      http.updateOptions({ destinations });
    },
    configure(settings) {
      const merged = mergeDestinations(destinations, destinationsFor(settings));
      if (merged.origins.length !== destinations.origins.length || merged.hosts.length !== destinations.hosts.length) {
        destinations = merged;
        http.updateOptions({ destinations });
      }
      // One HTTP client serves every document: the newest settings set its limits.
      if (settings.maxConcurrentRequests === limits.maxConcurrentRequests && settings.requestTimeoutMs === limits.requestTimeoutMs) return;
      limits = { maxConcurrentRequests: settings.maxConcurrentRequests, requestTimeoutMs: settings.requestTimeoutMs };
      http.updateOptions(limits);
    },
    flush: () => cache.flush(),
    async close() {
      await cache.close();
      await http.close();
    },
  };
}
