/**
 * PEP 751 `pylock.toml` / `pylock.<name>.toml` → pins. A `[[packages]]` entry is an index package when
 * it has a version and its files come from an index (`sdist` / `wheels`); `vcs`, `directory` and
 * `archive` entries are built from elsewhere and left out. Hashes are `hashes.sha256` of the sdist and
 * of every wheel.
 */
import type { ParsedLockfile } from '../../model';
import { distributions, fileDigests, isTable, LockfileBuilder, sha256, str, tables } from './pyLockfile';

export function parsePylock(text: string): ParsedLockfile {
  const lock = new LockfileBuilder('pylock.toml', text);
  if (!lock.knownVersion('lock-version', lock.values.data['lock-version'], ['1'])) return lock.result();
  tables(lock.values.data.packages).forEach((pkg, i) => {
    const name = str(pkg.name);
    if (name === undefined) {
      lock.warnAt('packages', i, 'pylock.toml: [[packages]] without a name is ignored');
      return;
    }
    if (pkg.vcs !== undefined || pkg.directory !== undefined || pkg.archive !== undefined) return;
    const version = str(pkg.version);
    if (version === undefined) return;
    lock.add(name, version, fileDigests(distributions(pkg), (f) => (isTable(f.hashes) ? sha256(f.hashes.sha256, false) : undefined)));
  });
  return lock.result();
}
