// The local registry (SIGMA API, npm and PyPI on one loopback port) the extension is pointed at, so an
// end-to-end run never leaves 127.0.0.1.
import { startRegistry, type LocalRegistry, type RegistryData } from '../../registry/index';
import type { Settings } from './runDir';

export type { LocalRegistry, RegistryData };

/** Serves `data`, or the test data (test/registry/fixtures.ts) when none is given. */
export function startLocalRegistry(data?: RegistryData): Promise<LocalRegistry> {
  return startRegistry({ quiet: true, data });
}

/** The extension's settings that point every outside service at the local registry. */
export function registrySettings(registry: LocalRegistry): Settings {
  return {
    'sigma.apiUrl': registry.url,
    'sigma.npmRegistryUrl': registry.url,
    'sigma.pypiUrl': registry.url,
  };
}
