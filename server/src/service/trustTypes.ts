import type { Registry } from './model';

/** One exact version to ask SIGMA (and the registries) about. `name` is the normalised name. */
export interface TrustItem {
  registry: Registry;
  name: string;
  version: string;
}

/**
 * `${registry}:${name}@${version}`: the one key of a trust answer. The checker matches progressive
 * results (`onResult`) to dependencies by it, so there is exactly one definition.
 */
export function trustKey(item: TrustItem): string {
  return `${item.registry}:${item.name}@${item.version}`;
}

/** What the trust stage needs of the settings. */
export interface TrustSettings {
  apiUrl: string;
  npmRegistryUrl: string;
  pypiUrl: string;
  advisoryFallback: boolean;
  cacheTtlMs: number;
  /**
   * `sigma.maxConcurrentRequests`: the trust service keeps only a few times this many lookups started
   * at once (docs/benchmarks.md, "lookups start as slots free up"). Optional for callers that do not know it.
   */
  maxConcurrentRequests?: number;
}
