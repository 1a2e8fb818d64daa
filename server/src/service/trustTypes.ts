import type { Registry } from './model';

/** One exact version to ask SIGMA (and the registries) about. `name` is the normalised name. */
export interface TrustItem {
  registry: Registry;
  name: string;
  version: string;
}
