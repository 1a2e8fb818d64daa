/**
 * The undici dispatchers behind the client: one `Agent` for direct connections (it keeps a
 * keep-alive `Pool` per origin) and one `ProxyAgent` per proxy URL in use. They are rebuilt when a
 * setting they were built from changes; the old ones finish what they are doing, then close.
 */
import type { Agent, Dispatcher, ProxyAgent } from 'undici';

let undici: typeof import('undici') | undefined;

/**
 * undici is loaded on the first request, not at server start: no request is made before a document
 * opens, and loading it was about a fifth of the start-up time (bench/, server_start).
 */
function loadUndici(): typeof import('undici') {
  // A literal require, so the bundler still includes undici; only its evaluation is deferred.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  undici ??= require('undici') as typeof import('undici');
  return undici;
}

export interface DispatcherConfig {
  strictSSL: boolean;
  connectTimeoutMs: number;
}

export class Dispatchers {
  private direct: Agent | undefined;
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(private config: DispatcherConfig) {}

  /** The dispatcher for a request, through `proxyUrl` when given. Throws on an unusable proxy URL. */
  get(proxyUrl: string | undefined): Dispatcher {
    if (proxyUrl === undefined) {
      this.direct ??= new (loadUndici().Agent)({ connect: this.tls() });
      return this.direct;
    }
    let proxy = this.proxies.get(proxyUrl);
    if (!proxy) {
      proxy = new (loadUndici().ProxyAgent)({
        uri: proxyUrl,
        requestTls: this.tls(),
        proxyTls: this.tls(),
      });
      this.proxies.set(proxyUrl, proxy);
    }
    return proxy;
  }

  /** Uses `config` from now on; requests already running finish on the old dispatchers. */
  reconfigure(config: DispatcherConfig): void {
    if (config.strictSSL === this.config.strictSSL && config.connectTimeoutMs === this.config.connectTimeoutMs) return;
    this.config = config;
    for (const old of this.detach()) old.close().catch(() => undefined);
  }

  /** Destroys every pool and socket now. */
  async destroy(): Promise<void> {
    await Promise.all(this.detach().map((dispatcher) => dispatcher.destroy().catch(() => undefined)));
  }

  private detach(): Dispatcher[] {
    const all: Dispatcher[] = [...this.proxies.values()];
    if (this.direct) all.push(this.direct);
    this.direct = undefined;
    this.proxies.clear();
    return all;
  }

  private tls(): { rejectUnauthorized: boolean; timeout: number } {
    return { rejectUnauthorized: this.config.strictSSL, timeout: this.config.connectTimeoutMs };
  }
}
