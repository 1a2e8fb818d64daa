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

type RequestFn = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

let direct: { Agent: typeof Agent; request: RequestFn } | undefined;

/**
 * What a direct request needs — the Agent and the `request` API — without the rest of undici
 * (fetch, cookies, WebSocket, mocks, HTTP/2 helpers). The first request of a check waits for this
 * load: the whole package took ~55 ms of bundle evaluation, these two parts ~25 ms (bench/,
 * cold_complete: time from didOpen to the first certificate request). These are undici's own
 * CommonJS files (`lib/dispatcher/agent.js`, `lib/api/api-request.js`); a proxy still loads the
 * whole package, whose `ProxyAgent` relies on the API methods the package entry installs.
 */
function loadDirect(): { Agent: typeof Agent; request: RequestFn } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  direct ??= {
    Agent: require('undici/lib/dispatcher/agent') as typeof Agent,
    request: require('undici/lib/api/api-request') as RequestFn,
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return direct;
}

export interface DispatcherConfig {
  strictSSL: boolean;
  connectTimeoutMs: number;
}

export class Dispatchers {
  private direct: Agent | undefined;
  private readonly proxies = new Map<string, ProxyAgent>();

  constructor(private config: DispatcherConfig) {}

  /** Sends one request, through `proxyUrl` when given. Throws what undici throws (an unusable proxy URL included). */
  request(proxyUrl: string | undefined, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
    if (proxyUrl === undefined) {
      const { Agent: DirectAgent, request } = loadDirect();
      this.direct ??= new DirectAgent({ connect: this.tls() });
      return request.call(this.direct, options);
    }
    return this.get(proxyUrl).request(options);
  }

  /** The dispatcher for a request through `proxyUrl`. Throws on an unusable proxy URL. */
  private get(proxyUrl: string): Dispatcher {
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
