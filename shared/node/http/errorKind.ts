/**
 * Maps what undici and Node throw to the port's failure kinds, with a plain message. The message is
 * built from the kind only: error texts from lower layers may quote hosts, proxies or headers.
 */
import type { HttpFailureKind } from '../../src/http';

const BY_CODE: Readonly<Record<string, HttpFailureKind>> = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENETDOWN: 'refused',
  EADDRNOTAVAIL: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  EAI_FAIL: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_PRX_TLS: 'tls',
};

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/**
 * The kind of a thrown error, looking through `cause` chains (undici wraps socket errors). Caller
 * cancellation is not decided here: the client knows whether it aborted, and undici also reports
 * some failures of its own (a proxy refusing the tunnel) as aborts.
 */
export function failureKindOf(error: unknown): HttpFailureKind {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 5; depth++) {
    const code = codeOf(current);
    if (code !== undefined) {
      const known = BY_CODE[code];
      if (known) return known;
      if (TLS_CODE.test(code)) return 'tls';
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  return 'other';
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code: unknown = error.code;
  return typeof code === 'string' ? code : undefined;
}

/** A proxy that refused to open the tunnel, with its status: worth saying, since it is not the registry. */
export function proxyRefusal(error: unknown): string | undefined {
  const match = error instanceof Error ? /^Proxy response \((\d{3})\)/.exec(error.message) : null;
  return match ? `the proxy refused the connection (HTTP ${match[1]})` : undefined;
}

const DESCRIPTIONS: Readonly<Record<HttpFailureKind, string>> = {
  timeout: 'no complete answer within the time limit',
  refused: 'connection refused (the server or the network is unreachable)',
  reset: 'connection closed before the answer was complete',
  dns: 'host name not found',
  tls: 'TLS or certificate failure',
  insecure: 'refused: plain HTTP is only allowed for loopback addresses',
  'not-allowed': 'not contacted: not a configured registry nor an allowed index host',
  'unset-variable': 'not sent: the URL needs an environment variable that is not set',
  aborted: 'cancelled',
  'too-large': 'answer larger than the size limit',
  'invalid-json': 'answer is not valid JSON',
  http: 'the server kept answering with an error status',
  other: 'request failed',
};

/** `GET https://host/path: connection refused` — never headers, query strings or lower-layer texts. */
export function describeFailure(kind: HttpFailureKind, method: string, where: string, detail?: string): string {
  return `${method} ${where}: ${detail ?? DESCRIPTIONS[kind]}`;
}
