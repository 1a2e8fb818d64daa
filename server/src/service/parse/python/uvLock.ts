/**
 * uv.lock → pins. Only `[[package]]` entries with `source = { registry = … }` are index packages; the
 * project itself (`editable`/`virtual`), workspace members and git, path, directory or URL sources
 * are not. Hashes come from `sdist.hash` and every `wheels[].hash`.
 */
import type { ParsedLockfile } from '../../model';
import { distributions, fileDigests, isTable, LockfileBuilder, sha256, str, tables } from './pyLockfile';

export function parseUvLock(text: string): ParsedLockfile {
  const lock = new LockfileBuilder('uv.lock', text);
  if (!lock.knownVersion('version', lock.values.data.version, ['1'])) return lock.result();
  tables(lock.values.data.package).forEach((pkg, i) => {
    const name = str(pkg.name);
    if (name === undefined) {
      lock.warnAt('package', i, 'uv.lock: [[package]] without a name is ignored');
      return;
    }
    if (!isTable(pkg.source) || str(pkg.source.registry) === undefined) return;
    const version = str(pkg.version);
    if (version === undefined) {
      lock.warnAt('package', i, `uv.lock: registry package ${name} has no version and is ignored`);
      return;
    }
    lock.add(name, version, fileDigests(distributions(pkg), (f) => sha256(f.hash)));
  });
  return lock.result();
}
