// The local registry (SIGMA API, npm and PyPI on one loopback port) the extension is pointed at, so an
// end-to-end run never leaves 127.0.0.1.
import { startRegistry, type LocalRegistry } from '../../registry/index';
import type { Settings } from './runDir';

export type { LocalRegistry };

export function startLocalRegistry(): Promise<LocalRegistry> {
  return startRegistry({ quiet: true });
}

/** The extension's settings that point every outside service at the local registry. */
export function registrySettings(registry: LocalRegistry): Settings {
  return {
    'sigma.apiUrl': registry.url,
    'sigma.npmRegistryUrl': registry.url,
    'sigma.pypiUrl': registry.url,
  };
}
