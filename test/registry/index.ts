/**
 * The local SIGMA registry: one `node:http` server on 127.0.0.1 that speaks the SIGMA API, the npm
 * registry endpoints and the PyPI JSON API from in-memory data, with fault injection for every
 * failure the client must survive. Tests, benchmarks and the demo all start it through `startRegistry`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { RegistryData } from './data';
import { loadFixtureData } from './fixtures';
import { FaultTable, sendNormal, sendWithFault } from './faults';
import type { FaultTarget, Timers } from './faults';
import { matchRoute } from './routes';
import type { RouteMatch } from './routes';
import { certificateAnswer, previewAnswer, statsAnswer, verifyAnswer } from './sigma';
import { bulkAnswer, bulkIdentities, packumentAnswer, tarballAnswer } from './npm';
import { projectAnswer, releaseAnswer } from './pypi';
import { errorAnswer } from './answer';
import type { Answer, EndpointName, FaultRule, LoggedRequest } from './types';

export type { Answer, EndpointName, Fault, FaultRule, LoggedRequest } from './types';
export type { Certificate, JsonObject, JsonValue, NpmAdvisory, NpmPackument, NpmVersion, PypiFile, PypiProject, PypiRelease, PypiVulnerability, RegistryData } from './data';
export { certificateKey, emptyRegistryData, pep503 } from './data';
export { loadExampleData, loadFixtureData, FIXTURE_DIR } from './fixtures';
export { generateBulkData } from './bulk';
export type { BulkDataOptions, BulkData } from './bulk';
export { buildTarball, tarballPath } from './tarball';

export interface LocalRegistry {
  readonly url: string;
  readonly token: string;
  readonly requests: LoggedRequest[];
  clearLog(): void;
  setLatency(ms: number): void;
  addFault(rule: FaultRule): () => void;
  clearFaults(): void;
  /** Highest number of requests in flight at once, since the last resetStats(), overall and per endpoint. */
  maxInFlight(endpoint?: EndpointName): number;
  resetStats(): void;
  /** Stop listening (new connections are refused; open ones are destroyed) and start again on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  readonly data: RegistryData;
  close(): Promise<void>;
  /** Added: resolves with the first logged request (already logged or still to come) that `test` accepts. */
  waitForRequest(test?: (request: LoggedRequest) => boolean): Promise<LoggedRequest>;
}

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Defaults to `loadFixtureData()`. */
  data?: RegistryData;
  /** The developer token the preview endpoint accepts; random by default. */
  token?: string;
  latencyMs?: number;
  /** Print one line per request on stdout unless true. Defaults to true (silent): the CLI passes false. */
  quiet?: boolean;
  /** Oldest entries are dropped beyond this many, so long benchmarks do not grow without bound (default 100 000). */
  maxLoggedRequests?: number;
}

const MAX_REQUEST_BODY = 8 * 1024 * 1024;
const gunzipAsync = promisify(gunzip);

class RequestBodyError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<{ text: string; wasGzip: boolean }> {
  // Most requests are GETs without a body: skip the stream machinery, which costs more than the answer.
  if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return { text: '', wasGzip: false };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new RequestBodyError(413, 'Request body too large.');
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  const wasGzip = /\bgzip\b/i.test(String(req.headers['content-encoding'] ?? ''));
  if (!wasGzip) return { text: raw.toString('utf8'), wasGzip };
  try {
    return { text: (await gunzipAsync(raw)).toString('utf8'), wasGzip };
  } catch {
    throw new RequestBodyError(400, 'Request body is not valid gzip.');
  }
}

class Registry implements LocalRegistry {
  readonly requests: LoggedRequest[] = [];
  readonly data: RegistryData;
  readonly token: string;
  url = '';
  private port: number;
  private latencyMs: number;
  private readonly quiet: boolean;
  private readonly maxLogged: number;
  private readonly faults = new FaultTable();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly timerHandles = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Map<EndpointName | '*', number>();
  private readonly maxSeen = new Map<EndpointName | '*', number>();
  private waiters: Array<{ test: (request: LoggedRequest) => boolean; resolve: (request: LoggedRequest) => void }> = [];
  private listening = false;
  private closed = false;

  readonly timers: Timers = {
    after: (ms, run) => {
      const handle = setTimeout(() => {
        this.timerHandles.delete(handle);
        run();
      }, ms);
      this.timerHandles.add(handle);
    },
  };

  constructor(opts: StartOptions) {
    this.data = opts.data ?? loadFixtureData();
    this.token = opts.token ?? `sigma_dev_local_${randomBytes(12).toString('hex')}`;
    this.port = opts.port ?? 0;
    this.latencyMs = opts.latencyMs ?? 0;
    this.quiet = opts.quiet ?? true;
    this.maxLogged = opts.maxLoggedRequests ?? 100_000;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendNormal(res, errorAnswer(500, 'internal', error instanceof Error ? error.message : String(error)));
        else res.destroy();
      });
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    this.listening = true;
  }

  clearLog(): void {
    this.requests.length = 0;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  addFault(rule: FaultRule): () => void {
    return this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  maxInFlight(endpoint?: EndpointName): number {
    return this.maxSeen.get(endpoint ?? '*') ?? 0;
  }

  resetStats(): void {
    this.maxSeen.clear();
    for (const [key, count] of this.inFlight) this.maxSeen.set(key, count);
  }

  waitForRequest(test: (request: LoggedRequest) => boolean = () => true): Promise<LoggedRequest> {
    const found = this.requests.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  async pause(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await this.shutDown();
  }

  async resume(): Promise<void> {
    if (this.listening || this.closed) return;
    await this.listen();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const wasListening = this.listening;
    this.listening = false;
    if (wasListening) await this.shutDown();
    else this.dropEverything();
    this.waiters = [];
  }

  /** Stops listening and ends every open connection, including requests held by a `timeout` fault. */
  private async shutDown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dropEverything();
    await closed;
  }

  private dropEverything(): void {
    for (const handle of this.timerHandles) clearTimeout(handle);
    this.timerHandles.clear();
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private track(endpoint: EndpointName, delta: 1 | -1): void {
    for (const key of ['*', endpoint] as const) {
      const count = (this.inFlight.get(key) ?? 0) + delta;
      this.inFlight.set(key, count);
      if (count > (this.maxSeen.get(key) ?? 0)) this.maxSeen.set(key, count);
    }
  }

  private log(entry: LoggedRequest): void {
    this.requests.push(entry);
    if (this.requests.length > this.maxLogged * 1.1) this.requests.splice(0, this.requests.length - this.maxLogged);
    const ready = this.waiters.filter((waiter) => waiter.test(entry));
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => !ready.includes(waiter));
    for (const waiter of ready) waiter.resolve(entry);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.after(ms, resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const rawPath = req.url ?? '';
    const method = req.method ?? 'GET';
    const match = matchRoute(method, rawPath);
    const entry: LoggedRequest = {
      method,
      rawPath,
      endpoint: match.endpoint,
      registry: match.registry,
      package: match.package,
      version: match.version,
      headers: { ...req.headers },
      bodyWasGzip: false,
      status: 0,
      startedAt,
    };
    this.track(match.endpoint, 1);
    res.on('close', () => {
      this.track(match.endpoint, -1);
      entry.finishedAt = Date.now();
      if (!this.quiet) this.print(entry);
    });
    let answer: Answer | undefined;
    try {
      const body = await readBody(req);
      entry.bodyWasGzip = body.wasGzip;
      if (body.text.length > 0) entry.body = body.text;
    } catch (error) {
      answer = error instanceof RequestBodyError ? errorAnswer(error.status, 'bad_request', error.message) : errorAnswer(400, 'bad_request', 'Unreadable body.');
    }
    const target = this.faultTarget(match, entry.body);
    const fault = answer ? undefined : this.faults.take(target);
    if (fault) entry.fault = fault.kind;
    this.log(entry);
    const delay = this.latencyMs + (fault?.kind === 'latency' ? fault.ms : 0);
    if (delay > 0) await this.sleep(delay);
    if (res.destroyed) return;

    answer ??= this.answer(match, req, entry.body ?? '');
    if (!fault) {
      entry.status = answer.status;
      sendNormal(res, answer);
      return;
    }
    entry.status = await sendWithFault(res, answer, fault, this.data, target, this.timers);
  }

  private faultTarget(match: RouteMatch, body: string | undefined): FaultTarget {
    if (match.endpoint === 'npmBulk') {
      const asked = this.faults.isEmpty ? { names: [], versions: [] } : bulkIdentities(body);
      return { endpoint: match.endpoint, registry: 'npm', packages: asked.names, versions: asked.versions };
    }
    return {
      endpoint: match.endpoint,
      registry: match.registry,
      packages: match.package === undefined ? [] : [match.package],
      versions: match.version === undefined ? [] : [match.version],
    };
  }

  private answer(match: RouteMatch, req: IncomingMessage, body: string): Answer {
    if (match.invalid) return errorAnswer(400, 'bad_request', match.invalid);
    const name = match.package ?? '';
    const version = match.version ?? '';
    switch (match.endpoint) {
      case 'certificate':
      case 'verify': {
        const id = { registry: match.registry ?? 'npm', name, version };
        return match.endpoint === 'certificate' ? certificateAnswer(this.data, id, this.url) : verifyAnswer(this.data, id, this.url);
      }
      case 'stats':
        return statsAnswer(this.data);
      case 'preview':
        return previewAnswer(this.data, match.draftId ?? '', req.headers.authorization, this.token);
      case 'npmPackument':
        return packumentAnswer(this.data, name, req.headers.accept, this.url);
      case 'npmTarball':
        return tarballAnswer(this.data, match.tarballPath ?? '');
      case 'npmBulk':
        return bulkAnswer(this.data, body);
      case 'pypiProject':
        return projectAnswer(this.data, name, this.url, match.pypiPrefix ?? '');
      case 'pypiRelease':
        return releaseAnswer(this.data, name, version, this.url, match.pypiPrefix ?? '');
      case 'unknown':
        return errorAnswer(404, 'not_found', 'No such endpoint on the local registry.');
    }
  }

  private print(entry: LoggedRequest): void {
    const ms = (entry.finishedAt ?? Date.now()) - entry.startedAt;
    const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
    process.stdout.write(`${new Date(entry.startedAt).toISOString()} ${entry.method} ${entry.rawPath} -> ${entry.status || '-'} ${ms}ms${fault}\n`);
  }
}

export async function startRegistry(opts: StartOptions = {}): Promise<LocalRegistry> {
  const registry = new Registry(opts);
  await registry.listen();
  return registry;
}
