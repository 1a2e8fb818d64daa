/** The local registry's public types (see /work/briefs/registry-api.md); `index.ts` re-exports them. */
import type { JsonValue } from './data';

export type EndpointName =
  | 'certificate'
  | 'verify'
  | 'stats'
  | 'preview'
  | 'npmPackument'
  | 'npmBulk'
  | 'npmTarball'
  | 'pypiProject'
  | 'pypiRelease'
  | 'unknown';

export type Fault =
  /** Extra delay before the normal answer. */
  | { kind: 'latency'; ms: number }
  /** Accept the request and never answer; the request ends when the registry pauses or closes. */
  | { kind: 'timeout' }
  /** Send the headers and part of the body, then destroy the socket. */
  | { kind: 'reset' }
  /** Answer with this status (e.g. 429, 503, 500), an optional Retry-After and an optional body (default: a JSON error). */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** 200 with an HTML page; `contentType` defaults to `text/html; charset=utf-8`. */
  | { kind: 'non-json'; contentType?: string }
  /** 200 with JSON that is not an object; `body` defaults to `[1,2]`. */
  | { kind: 'non-object'; body?: string }
  /** 200 with a valid JSON object of `bytes` bytes (default 20 MB), sent chunked without Content-Length
   * unless `declareLength` is true. */
  | { kind: 'oversized'; bytes?: number; declareLength?: boolean }
  /** 200 with the normal body, sent `chunkBytes` (default 16) every `intervalMs` (default 50). */
  | { kind: 'trickle'; chunkBytes?: number; intervalMs?: number }
  /** 200 with the answer for another name and version (a certificate, PyPI release or packument). */
  | { kind: 'identity-mismatch' }
  /** The normal body gzip-compressed, without a Content-Encoding header. */
  | { kind: 'gzip-no-header' };

export interface FaultRule {
  endpoint?: EndpointName;
  registry?: 'npm' | 'pypi';
  /** npm: exact name; PyPI: compared PEP 503 normalised. For `npmBulk`, matches when the body asks for it. */
  package?: string;
  /** Exact version string. For `npmBulk`, matches when any asked version equals it. */
  version?: string;
  /** How many matching requests it applies to (default: all). */
  times?: number;
  fault: Fault;
}

export interface LoggedRequest {
  method: string;
  /** Exactly as received (`req.url`), undecoded, query included. */
  rawPath: string;
  endpoint: EndpointName;
  registry?: 'npm' | 'pypi';
  /** Decoded identity, as sent (PyPI names not normalised), when the endpoint has one. */
  package?: string;
  version?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The request body, gunzipped if it was gzip. */
  body?: string;
  bodyWasGzip: boolean;
  /** Status sent; 0 while (or if) nothing was sent, e.g. a `timeout` fault. */
  status: number;
  startedAt: number;
  finishedAt?: number;
  fault?: Fault['kind'];
}

/** A handler's normal answer, before any fault reshapes it. `json` is kept so faults can rework it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  json?: JsonValue;
}
