/*
 * Web-standard globals that exist in every JavaScript host this service runs in (Node, browsers,
 * workers). The service compiles with "types": [] so Node's APIs stay out of reach; these few
 * platform-neutral classes are declared by hand instead of pulling in the DOM or Node typings.
 */
declare class URL {
  constructor(input: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  toString(): string;
}

interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(handle: unknown): void;

/** Web Crypto (globalThis.crypto in Node ≥ 19 and browsers): only the digest is used. */
declare const crypto: { readonly subtle: { digest(algorithm: 'SHA-1' | 'SHA-256' | 'SHA-512', data: Uint8Array): Promise<ArrayBuffer> } };
declare function atob(data: string): string;
