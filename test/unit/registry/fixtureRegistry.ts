/**
 * One registry with the checked-in fixtures for a whole describe block: started before it, closed
 * after it, its request log cleared before each test. `use` receives it once it is up.
 */
import { startRegistry, type LocalRegistry } from '../../registry/index';

export function useFixtureRegistry(use: (registry: LocalRegistry) => void): void {
  let registry: LocalRegistry | undefined;
  before(async () => {
    registry = await startRegistry();
    use(registry);
  });
  after(async () => {
    await registry?.close();
  });
  beforeEach(() => registry?.clearLog());
}
