/** The parser figures, from the existing parser benchmarks; each has a 100 ms budget (re-parsed per keystroke or lockfile change). */
import { benchNpmParsers } from '../parse-npm';
import { benchPythonParsers } from '../parse-python';
import { benchRequirementsParser } from '../parse-requirements';
import { atMost, type Results } from '../lib/scenario';

const TARGET_MS = 100;

export async function parseScenarios(quick: boolean): Promise<Results> {
  const results: Results = {};
  const npm = await benchNpmParsers({ quick });
  const requirements = await benchRequirementsParser({ quick });
  const python = await benchPythonParsers({ quick });
  const baseline = npm['npm.lockfile.json-parse-baseline-20MB'];
  for (const [name, r] of Object.entries({ ...requirements, ...npm, ...python })) {
    if (name === 'npm.lockfile.json-parse-baseline-20MB') continue;
    const extra: Record<string, unknown> = { min: r.min, max: r.max };
    if (name.startsWith('npm.lockfile') && baseline) extra['jsonParseBaselineMs'] = baseline.value;
    if (name.includes('-20MB') || name.includes('uv-lock') || name.includes('1000-packages')) extra['note'] = 'lockfile: parsed when it changes, not per keystroke';
    results[`parse.${name}`] = atMost(r.value, TARGET_MS, 'ms', extra);
  }
  return results;
}
