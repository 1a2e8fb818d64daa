/**
 * Why a package's own index (a manifest's `--index-url`, a Poetry or uv source, a Pipfile `[[source]]`,
 * the index a Python lockfile says a package came from) may not be used: it is neither one of the
 * configured origins nor an allowed index host (docs/security.md, "What a manifest may not decide").
 * Such a package may be private to that index, so its name goes nowhere — not to the index, not to
 * SIGMA, not to PyPI. The HTTP layer's gate checks every request again.
 */
import { destinationsFor, hostRefusal } from '../../../../shared/src/destinations';

export interface IndexSettings {
  npmRegistryUrl: string;
  pypiUrl: string;
  apiUrl?: string;
  /** Undefined: no policy to apply (callers that never send a package's own index anywhere). */
  allowedIndexHosts?: readonly string[];
}

/** Why the package's own index may not be used, as a sentence starting "its index …"; undefined when it may. */
export function indexRefusal(indexUrl: string | undefined, settings: IndexSettings): string | undefined {
  if (indexUrl === undefined || settings.allowedIndexHosts === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(indexUrl);
  } catch {
    return `its index '${indexUrl.replace(/\/\/[^/@]*@/, '//')}' is not a valid URL`;
  }
  const destinations = destinationsFor({ apiUrl: settings.apiUrl ?? settings.pypiUrl, npmRegistryUrl: settings.npmRegistryUrl, pypiUrl: settings.pypiUrl, allowedIndexHosts: settings.allowedIndexHosts });
  const why = hostRefusal(url, destinations);
  return why === undefined ? undefined : `its index ${why}`;
}
