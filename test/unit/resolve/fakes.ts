/** Test doubles for the ports the resolution stage uses: an HTTP port answering from a table, a memory cache, a settable clock. */
import type { CacheEntry, CacheNamespace, CacheStore, Clock, HttpFailureKind, HttpPort, HttpRequest, HttpResult } from '../../../server/src/service/ports';

export type Answer = HttpResult | ((req: HttpRequest) => HttpResult);

export class FakeHttp implements HttpPort {
  readonly calls: HttpRequest[] = [];
  readonly answers = new Map<string, Answer>();

  async request(req: HttpRequest): Promise<HttpResult> {
    this.calls.push(req);
    const answer = this.answers.get(req.url);
    if (answer === undefined) return { ok: true, status: 404, json: undefined, headers: {} };
    return typeof answer === 'function' ? answer(req) : answer;
  }

  json(url: string, json: unknown): void {
    this.answers.set(url, { ok: true, status: 200, json, headers: {} });
  }

  fail(url: string, kind: HttpFailureKind, status?: number): void {
    this.answers.set(url, { ok: false, kind, status, message: `fake ${kind}` });
  }
}

/** With `json`, values go through JSON text as on disk, so every read is a fresh object. */
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
}

export class FakeClock implements Clock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
}

/** An abbreviated npm packument: `versions` maps each version to its deprecation message (or undefined). */
export function npmDoc(name: string, versions: Record<string, string | undefined>, distTags: Record<string, string>): unknown {
  const v: Record<string, unknown> = {};
  for (const [version, deprecated] of Object.entries(versions)) {
    v[version] = {
      name,
      version,
      ...(deprecated === undefined ? {} : { deprecated }),
      dist: { integrity: `sha512-${version}`, shasum: 'abc', tarball: `https://registry.example/${name}/-/${name}-${version}.tgz` },
    };
  }
  return { name, modified: '2024-01-01T00:00:00.000Z', 'dist-tags': distTags, versions: v };
}

/** A PyPI JSON API document: each release maps to its files' yanked flags. */
export function pypiDoc(name: string, releases: Record<string, boolean[]>): unknown {
  const r: Record<string, unknown> = {};
  let n = 0;
  for (const [version, files] of Object.entries(releases)) {
    r[version] = files.map((yanked) => ({ filename: `${name}-${version}.tar.gz`, yanked, digests: { sha256: (n++).toString(16).padStart(64, 'a') } }));
  }
  return { info: { name, version: '0' }, releases: r };
}
