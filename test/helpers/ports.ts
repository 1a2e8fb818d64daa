/**
 * The one set of fakes for the service's ports (server/src/service/ports.ts), for every in-process
 * test: an HTTP port answering from a table and recording each call, a memory cache, a hand-set
 * clock, an in-memory files port and a logger that keeps its lines. `fakeRuntime` puts them together
 * for `createSigmaService`.
 */
import * as path from 'node:path';
import type { CacheEntry, CacheNamespace, CacheStore, Clock, FilePort, HttpFailureKind, HttpPort, HttpRequest, HttpResult, Logger } from '../../server/src/service/ports';
import type { SigmaRuntime } from '../../server/src/service';

export type Answer = HttpResult | ((req: HttpRequest) => HttpResult | Promise<HttpResult>);
export type Matcher = string | RegExp | ((req: HttpRequest) => boolean);

/** A JSON answer (the body only for 2xx, as the HTTP adapter gives it). */
export function json(status: number, body: unknown): HttpResult {
  return { ok: true, status, json: status >= 200 && status < 300 ? body : undefined, headers: {} };
}

/** A failed request of the given kind. */
export function fail(kind: HttpFailureKind, message = `failed: ${kind}`, status?: number): HttpResult {
  return status === undefined ? { ok: false, kind, message } : { ok: false, kind, message, status };
}

export interface FakeHttpOptions {
  /** What a request no answer matches gets: a test failure (default) or a 404 without a body. */
  unmatched?: 'throw' | 'not-found';
}

/**
 * Answers each request: first an answer set for its exact URL with `json`/`fail` (a later one for the
 * same URL replaces it), then the first matching `on` row.
 */
export class FakeHttp implements HttpPort {
  readonly calls: HttpRequest[] = [];
  /** Answers by exact URL (`json`/`fail` fill it; a test may set or delete one directly). */
  readonly answers = new Map<string, Answer>();
  private readonly routes: Array<[Matcher, Answer]> = [];

  constructor(private readonly options: FakeHttpOptions = {}) {}

  on(matcher: Matcher, answer: Answer): this {
    this.routes.push([matcher, answer]);
    return this;
  }

  /** `url` answers 200 with `body`. */
  json(url: string, body: unknown): this {
    this.answers.set(url, json(200, body));
    return this;
  }

  /** `url` fails with `kind`. */
  fail(url: string, kind: HttpFailureKind, status?: number): this {
    this.answers.set(url, fail(kind, `fake ${kind}`, status));
    return this;
  }

  async request(req: HttpRequest): Promise<HttpResult> {
    this.calls.push(req);
    const answer = this.answers.get(req.url) ?? this.routes.find(([matcher]) => matches(matcher, req))?.[1];
    if (answer !== undefined) return typeof answer === 'function' ? answer(req) : answer;
    if (this.options.unmatched === 'not-found') return { ok: true, status: 404, json: undefined, headers: {} };
    throw new Error(`unexpected request ${req.method} ${req.url}`);
  }

  urls(): string[] {
    return this.calls.map((call) => `${call.method} ${call.url}`);
  }
}

function matches(matcher: Matcher, req: HttpRequest): boolean {
  return typeof matcher === 'string' ? req.url === matcher : matcher instanceof RegExp ? matcher.test(req.url) : matcher(req);
}

/** Entries keyed `namespace/key`. With `json`, values go through JSON text as on disk, so every read is a fresh object. */
export class MemoryCache implements CacheStore {
  readonly entries = new Map<string, CacheEntry>();
  constructor(private readonly json = false) {}
  get(namespace: CacheNamespace, key: string): CacheEntry | undefined {
    const entry = this.entries.get(`${namespace}/${key}`);
    return entry && this.json ? { value: JSON.parse(JSON.stringify(entry.value)), storedAt: entry.storedAt } : entry;
  }
  set(namespace: CacheNamespace, key: string, entry: CacheEntry): void {
    this.entries.set(`${namespace}/${key}`, this.json ? { value: JSON.parse(JSON.stringify(entry.value)), storedAt: entry.storedAt } : entry);
  }
  delete(namespace: CacheNamespace, key: string): void {
    this.entries.delete(`${namespace}/${key}`);
  }
  clear(): void {
    this.entries.clear();
  }
  /** The namespace of each entry, in insertion order. */
  namespaces(): string[] {
    return [...this.entries.keys()].map((key) => key.slice(0, key.indexOf('/')));
  }
}

export class FakeClock implements Clock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
}

/** A files port over a table of posix paths; `reads` records every read. */
export function memoryFiles(files: Record<string, string> = {}): FilePort & { reads: string[]; files: Record<string, string> } {
  const reads: string[] = [];
  return {
    files,
    reads,
    stamp: async (p) => (p in files ? String(files[p].length) + files[p].slice(0, 8) : undefined),
    readText: async (p) => {
      reads.push(p);
      return files[p];
    },
    list: async (dir) => Object.keys(files).filter((p) => path.posix.dirname(p) === dir).map((p) => path.posix.basename(p)),
    dirname: (p) => path.posix.dirname(p),
    join: (dir, name) => path.posix.join(dir, name),
  };
}

/** A logger that keeps every line, for assertions. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string): void => {
    lines.push(`${level} ${message}`);
  };
  return { lines, info: keep('info'), warn: keep('warn'), error: keep('error') };
}

/** A promise plus its resolver, to hold an answer until the test releases it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Every port faked, for `createSigmaService(fakeRuntime(...).runtime)`; each fake stays reachable for assertions. */
export function fakeRuntime(parts: { http?: FakeHttp; cache?: MemoryCache; clock?: FakeClock; files?: Record<string, string> } = {}) {
  const http = parts.http ?? new FakeHttp();
  const cache = parts.cache ?? new MemoryCache();
  const clock = parts.clock ?? new FakeClock();
  const files = memoryFiles(parts.files);
  const logger = memoryLogger();
  const runtime: SigmaRuntime = { http, cache, clock, files, logger };
  return { runtime, http, cache, clock, files, logger };
}
