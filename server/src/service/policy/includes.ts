/**
 * Which `-r` / `-c` includes may be followed (docs/security.md, "What a manifest may not decide"):
 * only files inside the workspace folder (the CLI: the folder it was given). An absolute path, a URL
 * (pip would download it) or a `..` that climbs out of the folder is a problem on that line, and
 * nothing is read. This is the part decided from the text alone; the Node side also refuses links
 * that lead out of the folder and anything that is not a regular file (devices, FIFOs).
 */
import { resolveIncludePath } from '../parse/python/requirementsIncludes';

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Why the include `target`, written in `fromFile`, is not followed; undefined when it stays inside
 * `root`. Paths are '/'-separated and absolute (`root` without a trailing slash).
 */
export function includeRefusal(fromFile: string, target: string, root: string): string | undefined {
  const written = target.replace(/\\/g, '/');
  if (SCHEME.test(written) && !/^[A-Za-z]:\//.test(written)) return `'${target}' is not followed: includes are read only from files inside the workspace folder, never from a URL`;
  if (written.startsWith('/') || /^[A-Za-z]:\//.test(written) || written.startsWith('~')) {
    return `'${target}' is not followed: includes are read only inside the workspace folder, and this is an absolute path`;
  }
  const resolved = resolveIncludePath(fromFile, written);
  const base = root.replace(/\/+$/, '');
  if (!resolved.startsWith(`${base}/`) || resolved.split('/').includes('..')) {
    return `'${target}' is not followed: it leads out of the workspace folder, and includes are read only inside it`;
  }
  return undefined;
}
