/** The local registry for one scenario, on loopback with injected latency, always closed afterwards. */
import { startRegistry, type LocalRegistry, type RegistryData } from '../../test/registry';

export async function withRegistry<T>(data: RegistryData, latencyMs: number, body: (registry: LocalRegistry) => Promise<T>): Promise<T> {
  const registry = await startRegistry({ data, latencyMs, quiet: true });
  try {
    return await body(registry);
  } finally {
    await registry.close();
  }
}
