/**
 * The PyPI JSON API: `/pypi/:name/json` (project) and `/pypi/:name/:version/json` (release), names
 * looked up PEP 503 normalised as PyPI does. Project, release and file URLs are served under the prefix
 * the request came through, so answers from a private index keep pointing at that index.
 */
import { compare, explain } from '@renovatebot/pep440';
import { own, pep503 } from './data';
import type { JsonObject, PypiFile, PypiProject, PypiVulnerability, RegistryData } from './data';
import { absolute, jsonAnswer } from './answer';
import type { Answer } from './types';

const notFound = (): Answer => jsonAnswer(404, { message: 'Not Found' });

function releaseYanked(files: PypiFile[]): PypiFile | undefined {
  return files.length > 0 && files.every((file) => file.yanked) ? files[0] : undefined;
}

/** What PyPI puts in `info.version` of the project answer: the newest final, not-yanked release. */
function latestVersion(project: PypiProject): string | null {
  const candidates = Object.entries(project.releases)
    .filter(([version, release]) => explain(version)?.is_prerelease === false && !releaseYanked(release.files))
    .map(([version]) => version)
    .sort(compare);
  return candidates[candidates.length - 1] ?? null;
}

function servedFiles(files: PypiFile[], baseUrl: string): PypiFile[] {
  return files.map((file) => ({ ...file, upload_time: file.upload_time_iso_8601.replace(/\.\d+Z$/, ''), url: absolute(baseUrl, file.url) }));
}

function info(project: PypiProject, version: string | null, baseUrl: string, prefix: string): JsonObject {
  const name = project.info.name;
  const yanked = version ? releaseYanked(project.releases[version]?.files ?? []) : undefined;
  return {
    ...project.info,
    version,
    yanked: yanked !== undefined,
    yanked_reason: yanked?.yanked_reason ?? null,
    package_url: `${baseUrl}${prefix}/project/${name}/`,
    project_url: `${baseUrl}${prefix}/project/${name}/`,
    release_url: version ? `${baseUrl}${prefix}/project/${name}/${version}/` : null,
  };
}

export function pypiVulnerabilitiesFor(data: RegistryData, name: string, version: string): PypiVulnerability[] {
  return own(data.pypi.projects, pep503(name))?.releases[version]?.vulnerabilities ?? [];
}

export function projectAnswer(data: RegistryData, name: string, baseUrl: string, prefix: string): Answer {
  const project = own(data.pypi.projects, pep503(name));
  if (!project) return notFound();
  const latest = latestVersion(project);
  const releases: JsonObject = {};
  for (const [version, release] of Object.entries(project.releases)) releases[version] = servedFiles(release.files, baseUrl + prefix);
  const latestRelease = latest ? own(project.releases, latest) : undefined;
  return jsonAnswer(200, {
    info: info(project, latest, baseUrl, prefix),
    last_serial: 20240000 + Object.keys(project.releases).length,
    releases,
    urls: latestRelease ? servedFiles(latestRelease.files, baseUrl + prefix) : [],
    vulnerabilities: latestRelease?.vulnerabilities ?? [],
  });
}

export function releaseAnswer(data: RegistryData, name: string, version: string, baseUrl: string, prefix: string): Answer {
  const project = own(data.pypi.projects, pep503(name));
  const release = project ? own(project.releases, version) : undefined;
  if (!project || !release) return notFound();
  return jsonAnswer(200, {
    info: { ...info(project, version, baseUrl, prefix), requires_dist: release.requiresDist ?? null },
    last_serial: 20240000 + Object.keys(project.releases).length,
    urls: servedFiles(release.files, baseUrl + prefix),
    vulnerabilities: release.vulnerabilities,
  });
}
