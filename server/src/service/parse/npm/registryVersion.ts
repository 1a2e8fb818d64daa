/**
 * A version as the npm registry serves it (`1.2.3`, `1.0.0-beta.1`, `1.0.0+build`): what yarn, pnpm and
 * bun lockfiles write for a registry package, unlike a git commit, a path or a tarball URL, which
 * they write in the same place (docs/formats/yarn.md, pnpm.md, bun.md).
 */
const REGISTRY_VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

export function isRegistryVersion(text: string): boolean {
  return REGISTRY_VERSION.test(text);
}
