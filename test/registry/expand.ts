/**
 * Turns the compact, hand-written fixture forms into the full shapes npm and PyPI serve, filling
 * what is mechanical (tarball hashes, file digests, URLs, timestamps) so the fixture files stay readable.
 * Shared by the checked-in fixtures and the synthetic benchmark data.
 */
import { createHash } from 'node:crypto';
import { buildTarball, tarballPath } from './tarball';
import type { JsonObject, NpmPackument, NpmVersion, PypiFile, PypiProject, PypiRelease, PypiVulnerability } from './data';

export interface NpmVersionSource {
  published?: string;
  deprecated?: string;
  dependencies?: Record<string, string>;
}

export interface NpmPackageSource {
  description?: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, NpmVersionSource>;
}

export interface PypiFileSource {
  filename: string;
  /** Defaults to the sha256 of the file name text, so examples can pin it without the bytes existing. */
  sha256?: string;
}

export interface PypiReleaseSource {
  uploaded?: string;
  /** File names (or objects with an explicit digest); defaults to one sdist and one pure-Python wheel. */
  files?: Array<string | PypiFileSource>;
  yanked?: boolean;
  yankedReason?: string | null;
  requiresPython?: string;
  vulnerabilities?: PypiVulnerability[];
  /** PEP 508 strings served as the release's `info.requires_dist`. */
  requiresDist?: string[];
}

export interface PypiProjectSource {
  name: string;
  summary?: string;
  requiresPython?: string;
  releases: Record<string, PypiReleaseSource>;
}

const DEFAULT_TIME = '2024-01-01T00:00:00.000Z';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface ExpandedNpmPackage {
  packument: NpmPackument;
  tarballs: Record<string, Uint8Array>;
  /** Version → sha256 of its tarball, what a matching certificate's `distributionSha256` holds. */
  sha256: Record<string, string>;
}

export function expandNpmPackage(name: string, source: NpmPackageSource): ExpandedNpmPackage {
  const versions: Record<string, NpmVersion> = {};
  const tarballs: Record<string, Uint8Array> = {};
  const sha256: Record<string, string> = {};
  const time: Record<string, string> = {};
  const description = source.description ?? '';
  for (const [version, spec] of Object.entries(source.versions)) {
    const tarball = buildTarball(name, version);
    const path = tarballPath(name, version);
    tarballs[path] = tarball.bytes;
    sha256[version] = tarball.sha256;
    const entry: NpmVersion = {
      name,
      version,
      description,
      main: 'index.js',
      license: 'MIT',
      dependencies: spec.dependencies ?? {},
      _id: `${name}@${version}`,
      dist: {
        tarball: path,
        shasum: tarball.shasum,
        integrity: tarball.integrity,
        fileCount: tarball.fileCount,
        unpackedSize: tarball.unpackedSize,
      },
    };
    if (spec.deprecated !== undefined) entry.deprecated = spec.deprecated;
    versions[version] = entry;
    time[version] = spec.published ?? DEFAULT_TIME;
  }
  const stamps = Object.values(time).sort();
  const packument: NpmPackument = {
    _id: name,
    name,
    description,
    'dist-tags': { ...source['dist-tags'] },
    versions,
    time: { created: stamps[0] ?? DEFAULT_TIME, modified: stamps[stamps.length - 1] ?? DEFAULT_TIME, ...time },
    license: 'MIT',
  };
  return { packument, tarballs, sha256 };
}

function wheelPythonTag(filename: string): string {
  const parts = filename.replace(/\.whl$/, '').split('-');
  return parts[parts.length - 3] ?? 'py3';
}

function expandFile(file: string | PypiFileSource, release: PypiReleaseSource): PypiFile {
  const source = typeof file === 'string' ? { filename: file } : file;
  const sha256 = source.sha256 ?? sha256Hex(source.filename);
  const isWheel = source.filename.endsWith('.whl');
  return {
    filename: source.filename,
    packagetype: isWheel ? 'bdist_wheel' : 'sdist',
    python_version: isWheel ? wheelPythonTag(source.filename) : 'source',
    requires_python: release.requiresPython ?? null,
    size: 4096 + parseInt(sha256.slice(0, 5), 16),
    upload_time_iso_8601: release.uploaded ?? DEFAULT_TIME,
    url: `/packages/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256.slice(4)}/${source.filename}`,
    digests: {
      sha256,
      md5: createHash('md5').update(source.filename).digest('hex'),
      blake2b_256: createHash('blake2b512').update(source.filename).digest('hex').slice(0, 64),
    },
    yanked: release.yanked === true,
    yanked_reason: release.yanked === true ? (release.yankedReason ?? null) : null,
  };
}

/** The default files of a release: an sdist and a pure-Python wheel, named as setuptools would. */
function defaultFiles(name: string, version: string): string[] {
  const stem = name.replace(/[-.]+/g, '_');
  return [`${stem}-${version}.tar.gz`, `${stem}-${version}-py3-none-any.whl`];
}

export function expandPypiProject(source: PypiProjectSource): PypiProject {
  const releases: Record<string, PypiRelease> = {};
  for (const [version, release] of Object.entries(source.releases)) {
    const withPython = { ...release, requiresPython: release.requiresPython ?? source.requiresPython };
    releases[version] = {
      files: (release.files ?? defaultFiles(source.name, version)).map((file) => expandFile(file, withPython)),
      vulnerabilities: release.vulnerabilities ?? [],
      ...(release.requiresDist ? { requiresDist: release.requiresDist } : {}),
    };
  }
  const info: JsonObject & { name: string } = {
    name: source.name,
    summary: source.summary ?? '',
    author: 'SIGMA local registry fixtures',
    license: 'MIT',
    requires_python: source.requiresPython ?? null,
    home_page: null,
    project_urls: { Source: `https://example.invalid/${source.name}` },
  };
  return { info, releases };
}
