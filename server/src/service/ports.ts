/**
 * The only ways the pure service touches the outside world. The Node drivers (LSP server, CLI) pass
 * real implementations (undici, disk cache, fs); unit tests pass fakes. The HTTP port and the logger
 * are declared in shared/src/http.ts because the extension's own preview request uses them too.
 */

export type { HttpAnswer, HttpFailure, HttpFailureKind, HttpPort, HttpRequest, HttpResult, Logger } from '../../../shared/src/http';
export { NETWORK_FAILURE_KINDS } from '../../../shared/src/http';

/** Separate namespaces so each kind of data has its own lifetime and bound. */
export type CacheNamespace = 'certificate' | 'verify' | 'versions' | 'advisories' | 'pypiRelease';

export interface CacheEntry {
  value: unknown;
  /** Epoch ms when the value was fetched. */
  storedAt: number;
}

/** A key-value store; freshness is decided by the caller from `storedAt`. */
export interface CacheStore {
  get(namespace: CacheNamespace, key: string): CacheEntry | undefined;
  set(namespace: CacheNamespace, key: string, entry: CacheEntry): void;
  delete(namespace: CacheNamespace, key: string): void;
  clear(): void;
}

export interface Clock {
  now(): number;
}

/**
 * The files next to a manifest (lockfiles), with the platform's path rules. Paths are absolute, as
 * the drivers give them. Nothing here throws: a file that cannot be read is absent.
 */
export interface FilePort {
  /** A stamp that changes when the file does (modification time and size), or undefined when it is not a readable file. */
  stamp(path: string): Promise<string | undefined>;
  readText(path: string): Promise<string | undefined>;
  /** Names in a folder; empty when it cannot be listed. */
  list(dir: string): Promise<string[]>;
  dirname(path: string): string;
  join(dir: string, name: string): string;
}
