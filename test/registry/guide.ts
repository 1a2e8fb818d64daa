/**
 * What `npm run registry` prints under its listening line: the drafts it serves and three commands to
 * try against it, so a first-time user has a next step. Ends with the line that introduces the request log.
 */
import type { RegistryData } from './data';
import type { ExampleFault } from './fixtures';

export const GUIDE_LAST_LINE = 'Requests are logged below; Ctrl+C stops the registry.';

export function registryGuide(url: string, token: string, data: RegistryData, faults: readonly ExampleFault[] = []): string[] {
  const drafts = Object.entries(data.drafts).map(([id, answer]) => {
    const total = typeof answer.packagesTotal === 'number' ? answer.packagesTotal : undefined;
    const what = answer.enabled === false ? 'previews disabled for this draft' : total === undefined ? '' : `${total} packages`;
    return `  ${id.padEnd(22)} ${what}`.trimEnd();
  });
  const firstDraft = Object.keys(data.drafts).find((id) => data.drafts[id]?.enabled !== false) ?? 'DRAFT_ID';
  const urls = `--api-url ${url} --npm-registry-url ${url} --pypi-url ${url}`;
  return [
    '',
    `Serving the example data for examples/ (${Object.keys(data.certificates).length} certificates). Drafts for the package-preview:`,
    ...drafts,
    ...(faults.length > 0 ? ['', 'Standing faults (so every status can be seen):', ...faults.map((fault) => `  ${fault.shows}`)] : []),
    '',
    'Try, from the repository after `npm run build`:',
    `  node dist/cli.js check examples ${urls}`,
    `  SIGMA_TOKEN=${token} node dist/cli.js preview ${firstDraft} --api-url ${url}`,
    `  curl -s ${url}/api/v1/public/packages/npm/left-pad/1.3.0`,
    'In VS Code, set sigma.apiUrl, sigma.npmRegistryUrl and sigma.pypiUrl to the URL above and run SIGMA: Set Developer Token with the token.',
    '',
    GUIDE_LAST_LINE,
  ];
}
