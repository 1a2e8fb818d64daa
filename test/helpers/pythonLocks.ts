/**
 * Python lockfile fixtures: what the lockfile parser tests (test/unit/parse/) and the lockfile tree
 * tests (test/unit/tree/) both write. Every helper keeps the fixture's line count, so ranges asserted
 * on the text stay where they are.
 */

/** A sha256 hex digest made of one repeated character: distinct, well-formed hashes for fixtures. */
export const H = (c: string): string => c.repeat(64);

const PYPI = '{ registry = "https://pypi.org/simple" }';

/**
 * The first four lines of one `[[package]]` table of a uv.lock, as uv writes them: name, version and
 * source (the PyPI registry unless another inline table is given).
 */
export function uvPackage(name: string, version: string, source = PYPI): string {
  return `[[package]]\nname = "${name}"\nversion = "${version}"\nsource = ${source}`;
}
