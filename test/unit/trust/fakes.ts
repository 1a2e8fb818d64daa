/** Fakes of the service's ports for the trust-stage tests: a table-driven HttpPort that records every call, a Map cache, a hand-set clock. */
import type { CacheEntry, CacheNamespace, CacheStore, Clock, HttpFailureKind, HttpPort, HttpRequest, HttpResult } from '../../../server/src/service/ports';

export type Answer = HttpResult | ((req: HttpRequest) => HttpResult | Promise<HttpResult>);
export type Matcher = string | RegExp | ((req: HttpRequest) => boolean);

export function json(status: number, body: unknown): HttpResult {
  return { ok: true, status, json: status >= 200 && status < 300 ? body : undefined, headers: {} };
}

export function fail(kind: HttpFailureKind, message = `failed: ${kind}`, status?: number): HttpResult {
  return status === undefined ? { ok: false, kind, message } : { ok: false, kind, message, status };
}

/** Answers each request from the first matching row; a request no row matches fails the test. */
export class FakeHttp implements HttpPort {
  readonly calls: HttpRequest[] = [];
  private readonly routes: Array<[Matcher, Answer]> = [];

  on(matcher: Matcher, answer: Answer): this {
    this.routes.push([matcher, answer]);
    return this;
  }

  async request(req: HttpRequest): Promise<HttpResult> {
    this.calls.push(req);
    for (const [matcher, answer] of this.routes) {
      const hit = typeof matcher === 'string' ? req.url === matcher : matcher instanceof RegExp ? matcher.test(req.url) : matcher(req);
      if (hit) return typeof answer === 'function' ? answer(req) : answer;
    }
    throw new Error(`unexpected request ${req.method} ${req.url}`);
  }

  urls(): string[] {
    return this.calls.map((call) => `${call.method} ${call.url}`);
  }
}

export class MemoryCache implements CacheStore {
  readonly entries = new Map<string, CacheEntry>();
  get(namespace: CacheNamespace, key: string): CacheEntry | undefined {
    return this.entries.get(`${namespace}\n${key}`);
  }
  set(namespace: CacheNamespace, key: string, entry: CacheEntry): void {
    this.entries.set(`${namespace}\n${key}`, entry);
  }
  delete(namespace: CacheNamespace, key: string): void {
    this.entries.delete(`${namespace}\n${key}`);
  }
  clear(): void {
    this.entries.clear();
  }
  namespaces(): string[] {
    return [...this.entries.keys()].map((key) => key.split('\n')[0]);
  }
}

export class FakeClock implements Clock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
}

/** A promise plus its resolver, to hold an answer until the test releases it. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The seed's example certificate (sigma-api seed), for a given identity. */
export function seedCertificate(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    registrySource: 'pypi',
    packageName: 'requests',
    packageVersion: '2.31.0',
    distributionSha256: '58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f',
    councilVerdict: 'APPROVED',
    securityLevel: 'CLEAR',
    retainedWarnings: [],
    analysisType: 'FULL',
    certifiedAt: '2026-04-15T10:23:41.000Z',
    certificateId: 'pkg_abc123',
    verifyEndpoint: 'https://api.soulbyte.tech/api/v1/public/packages/pypi/requests/2.31.0/verify',
    registryAdvisoryCount: 0,
    registryAdvisoryHighestSeverity: null,
    registryAdvisorySummary: 'No known registry security advisories were listed for this exact package version at certification time.',
    registryAdvisories: [],
    ...overrides,
  };
}
