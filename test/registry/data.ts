/**
 * The in-memory shape of everything the local registry serves. Handlers read it on every request,
 * so a test can add or change an entry on `registry.data` and the next answer reflects it.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type RegistryName = 'npm' | 'pypi';

/** A SIGMA certificate as served. Only the identity fields are guaranteed; the rest is whatever the fixture holds. */
export interface Certificate extends JsonObject {
  registrySource: RegistryName;
  packageName: string;
  packageVersion: string;
}

/** One advisory as the npm bulk advisory endpoint answers it. */
export interface NpmAdvisory extends JsonObject {
  id: number;
  url: string;
  title: string;
  severity: string;
  vulnerable_versions: string;
  cwe: string[];
  cvss: { score: number; vectorString: string | null };
}

export interface NpmDist extends JsonObject {
  /** Served as an absolute URL: a value starting with `/` is prefixed with the registry's own URL. */
  tarball: string;
  shasum: string;
  integrity: string;
  fileCount: number;
  unpackedSize: number;
}

export interface NpmVersion extends JsonObject {
  name: string;
  version: string;
  dist: NpmDist;
}

/** A full packument; the abbreviated (install-v1) form is derived from it when asked. */
export interface NpmPackument extends JsonObject {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, NpmVersion>;
  time: Record<string, string>;
}

export interface PypiFile extends JsonObject {
  filename: string;
  packagetype: string;
  python_version: string;
  requires_python: string | null;
  size: number;
  upload_time_iso_8601: string;
  /** Served as an absolute URL when it starts with `/`. */
  url: string;
  digests: { sha256: string; md5: string; blake2b_256: string };
  yanked: boolean;
  yanked_reason: string | null;
}

/** An OSV-backed row of the PyPI JSON API's `vulnerabilities` list. */
export interface PypiVulnerability extends JsonObject {
  id: string;
  aliases: string[];
  summary: string | null;
  details: string;
  fixed_in: string[];
  link: string;
  source: string;
  withdrawn: string | null;
}

export interface PypiRelease {
  files: PypiFile[];
  vulnerabilities: PypiVulnerability[];
  /** What the release declares (`info.requires_dist` of its release answer); null when absent, as PyPI sends. */
  requiresDist?: string[];
}

export interface PypiProject {
  /** The `info` block without the per-version fields (`version`, `yanked`, …), which are filled per answer. */
  info: JsonObject & { name: string };
  releases: Record<string, PypiRelease>;
}

export interface RegistryData {
  /** Keyed by `certificateKey()`: `registry/name/version`, PyPI names PEP 503 normalised. */
  certificates: Record<string, Certificate>;
  /** Extra fields the verify endpoint merges over the certificate (integrity details, unknown scalars, …). */
  verifyExtras: Record<string, JsonObject>;
  npm: {
    packuments: Record<string, NpmPackument>;
    /** Tarball bytes keyed by URL path, e.g. `/@types/node/-/node-20.11.30.tgz`. */
    tarballs: Record<string, Uint8Array>;
    /** Keyed by package name; the bulk endpoint filters them by `vulnerable_versions`. */
    advisories: Record<string, NpmAdvisory[]>;
  };
  pypi: {
    /** Keyed by PEP 503 normalised name. */
    projects: Record<string, PypiProject>;
  };
  stats: JsonObject;
  /** Draft id → the package-preview answer. */
  drafts: Record<string, JsonObject>;
}

/** PEP 503: lower case, every run of `-`, `_`, `.` becomes one `-`. Written here, not imported, so the
 * registry stays an independent oracle for the product's own normaliser. */
export function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** How a package is named inside one registry: npm names as published, PyPI names normalised. */
export function registryName(registry: RegistryName, name: string): string {
  return registry === 'pypi' ? pep503(name) : name;
}

export function certificateKey(registry: RegistryName, name: string, version: string): string {
  return `${registry}/${registryName(registry, name)}/${version}`;
}

export function emptyRegistryData(): RegistryData {
  return {
    certificates: {},
    verifyExtras: {},
    npm: { packuments: {}, tarballs: {}, advisories: {} },
    pypi: { projects: {} },
    stats: {},
    drafts: {},
  };
}

/** Own-property lookup: package names such as `constructor` or `__proto__` must not reach Object.prototype. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
