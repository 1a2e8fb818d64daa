/**
 * PEP 751 `pylock.toml` / `pylock.<name>.toml` (lock-version 1.x) → pins and tree, in one walk
 * (pyLockRead.ts). A `[[packages]]` entry is an index package when it has a version and its files
 * come from an index (`sdist` / `wheels`); `vcs`, `directory` and `archive` entries are built from
 * elsewhere and left out (skipped in the tree). Hashes are `hashes.sha256` of the sdist and of every
 * wheel. The tree has no edges (docs/formats/tree.md); a package whose `index` is not PyPI carries it
 * as `indexUrl` (tree/types.ts).
 */
import type { ParsedLockfile } from '../../model';
import { normalizePypiName } from './pep503';
import { lockPins, type PyLockRead, type PyLockReader } from './pyLockRead';
import { distributionDigests, isTable, privateIndexes, sha256, str, type Plain } from './pyLockfile';

export function parsePylock(text: string): ParsedLockfile {
  return lockPins('pylock.toml', text, pylockReader);
}

export function pylockReader(read: PyLockRead): PyLockReader {
  const data = read.data;
  const pins = read.pins?.knownVersion('lock-version', data['lock-version'], ['1']) === true ? read.pins : undefined;
  const version = str(data['lock-version']);
  if (version !== undefined && !/^1\./.test(version)) read.failTree(`Unknown pylock.toml lock-version ${version} (this version reads 1.x); it was not read.`);
  const tree = read.tree;
  tree?.importer('');
  const named = new Set<string>();
  const privateIndex = privateIndexes();
  return {
    package(pkg, i) {
      if (pins === undefined && tree === undefined) return;
      const name = str(pkg.name);
      if (name === undefined) {
        pins?.warnAt('packages', i, 'pylock.toml: [[packages]] without a name is ignored');
        return;
      }
      const version = str(pkg.version);
      const other = builtElsewhere(pkg);
      if (other !== undefined || version === undefined) {
        if (tree !== undefined) {
          const [start, end] = read.span(i);
          tree.skip(name, other ? `${other} source` : 'no version', start, end);
        }
        return;
      }
      const key = normalizePypiName(name);
      const hashes = distributionDigests(pkg, fileHash);
      pins?.add(key, version, hashes);
      if (tree === undefined) return;
      const [start, end] = read.span(i);
      const node = tree.addNode(key, version, { hashes, indexUrl: privateIndex(str(pkg.index)), start, end });
      if (named.has(key)) return;
      named.add(key);
      tree.direct('', key, node);
    },
    end() {},
  };
}

const ELSEWHERE = ['vcs', 'directory', 'archive'];

/** The first of `vcs`, `directory`, `archive` the package has. */
function builtElsewhere(pkg: Plain): string | undefined {
  for (const key of ELSEWHERE) if (pkg[key] !== undefined) return key;
  return undefined;
}

const fileHash = (file: Plain) => (isTable(file.hashes) ? sha256(file.hashes.sha256, false) : undefined);
