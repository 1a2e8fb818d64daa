/**
 * On-demand integrity check of an npm tarball: download it, compare it with the lockfile's
 * `integrity` (Subresource Integrity, e.g. `sha512-…`) and its SHA-256 with the certificate's
 * `distributionSha256`. Only tarballs on the configured npm registry's origin are downloaded, so a
 * lockfile cannot make the tool fetch from an arbitrary host.
 */
import type { HttpPort } from '../ports';
import type { VersionSource } from '../resolve/versionSource';
import { base64ToHex } from '../tree/sri';

export type Comparison = 'match' | 'mismatch' | 'unknown';

export interface TarballCheck {
  url?: string;
  /** Against the lockfile's `integrity`. */
  lockfile: Comparison;
  /** Against the certificate's `distributionSha256`. */
  certificate: Comparison;
  sha256?: string;
  error?: string;
}

/** Largest tarball downloaded for a check. */
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;

const SRI_ALGORITHMS: Record<string, 'SHA-1' | 'SHA-256' | 'SHA-512'> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

function toHex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Compares bytes with an SRI string; the strongest algorithm present decides, as npm does. */
export async function compareSri(bytes: Uint8Array, integrity: string | undefined): Promise<Comparison> {
  if (!integrity) return 'unknown';
  const entries = integrity
    .trim()
    .split(/\s+/)
    .map((part) => /^(sha1|sha256|sha512)-([A-Za-z0-9+/=]+)(\?.*)?$/.exec(part))
    .filter((m): m is RegExpExecArray => m !== null);
  if (entries.length === 0) return 'unknown';
  const strongest = ['sha512', 'sha256', 'sha1'].find((alg) => entries.some((m) => m[1] === alg))!;
  const digest = toHex(await crypto.subtle.digest(SRI_ALGORITHMS[strongest], bytes));
  return entries.some((m) => m[1] === strongest && base64ToHex(m[2]) === digest) ? 'match' : 'mismatch';
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export interface TarballCheckInput {
  name: string;
  version: string;
  /** The lockfile's `resolved` URL and `integrity`, when a lockfile pins the version. */
  resolved?: string;
  integrity?: string;
  distributionSha256?: string;
  npmRegistryUrl: string;
}

export async function checkNpmTarball(deps: { http: HttpPort; versions: VersionSource }, input: TarballCheckInput, signal?: AbortSignal): Promise<TarballCheck> {
  let url = input.resolved && sameOrigin(input.resolved, input.npmRegistryUrl) ? input.resolved : undefined;
  let integrity = input.integrity;
  if (!url || !integrity) {
    const packument = await deps.versions.npmPackument(input.npmRegistryUrl, input.name, signal);
    if ('value' in packument) {
      const info = packument.value.versions.get(input.version);
      if (!url && info?.tarball && sameOrigin(info.tarball, input.npmRegistryUrl)) url = info.tarball;
      integrity ??= info?.integrity;
    }
  }
  if (!url) return { lockfile: 'unknown', certificate: 'unknown', error: `no tarball URL on ${input.npmRegistryUrl} for ${input.name}@${input.version}` };
  const answer = await deps.http.request({ method: 'GET', url, responseType: 'bytes', maxBytes: MAX_TARBALL_BYTES, signal });
  if (!answer.ok) return { url, lockfile: 'unknown', certificate: 'unknown', error: answer.message };
  if (answer.status !== 200 || !answer.bytes) return { url, lockfile: 'unknown', certificate: 'unknown', error: `tarball download answered HTTP ${answer.status}` };
  const sha256 = toHex(await crypto.subtle.digest('SHA-256', answer.bytes));
  const certificate: Comparison = input.distributionSha256 ? (input.distributionSha256.toLowerCase() === sha256 ? 'match' : 'mismatch') : 'unknown';
  return { url, lockfile: await compareSri(answer.bytes, integrity), certificate, sha256 };
}
