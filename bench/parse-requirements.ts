/**
 * How long the requirements parser takes on large synthetic files. Budget: a 10,000-line file in well
 * under 100 ms (it is re-parsed on every keystroke in the editor).
 *
 *   node --import tsx bench/parse-requirements.ts [--quick]
 */
import { parseRequirements } from '../server/src/service/parse/python/requirementsTxt';
import { fakeSha256, printResults, timeRuns, type BenchResult } from './lib/parseTiming';

export type { BenchResult };

/** A mix of every line shape, in the proportions of real hand-written files. */
export function mixedRequirements(lines: number): string {
  const out: string[] = ['--index-url https://pypi.example.com/simple', '--extra-index-url https://${TOKEN}@private.example.com/simple', '-r base.txt'];
  for (let i = 0; out.length < lines; i++) {
    switch (i % 10) {
      case 0:
        out.push(`# section ${i}`);
        break;
      case 1:
        out.push(`package-${i}==1.${i % 50}.${i % 7}`);
        break;
      case 2:
        out.push(`Package_${i}[extra-a,extra-b] >= 2.0, < 3 ; python_version >= "3.9" and sys_platform != "win32"  # why`);
        break;
      case 3:
        out.push(`pkg${i} (~=4.${i % 9}.0)`);
        break;
      case 4:
        out.push(`lib${i} @ https://files.example.com/lib${i}-1.0-py3-none-any.whl`);
        break;
      case 5:
        out.push(`-e git+https://github.com/example/repo${i}.git@v1#egg=repo${i}`);
        break;
      case 6:
        out.push('');
        break;
      default:
        out.push(`dep-${i}>=0.${i % 13}`);
    }
  }
  return out.join('\n');
}

/** pip-compile --generate-hashes output: every requirement spans four lines with hashes and a `# via`. */
export function hashedRequirements(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(`package-${i}==1.${i % 50}.0 \\`, `    --hash=sha256:${fakeSha256(2 * i)} \\`, `    --hash=sha256:${fakeSha256(2 * i + 1)}`, '    # via -r requirements.in');
  }
  return out.slice(0, lines).join('\n');
}

function measure(text: string, runs: number): BenchResult {
  return timeRuns(() => parseRequirements(text), runs, { warmups: 3, clock: 'wall' });
}

export async function benchRequirementsParser(opts: { quick: boolean }): Promise<Record<string, BenchResult>> {
  const runs = opts.quick ? 5 : 25;
  return {
    'requirements.parse.mixed-10k-lines': measure(mixedRequirements(10_000), runs),
    'requirements.parse.hashed-10k-lines': measure(hashedRequirements(10_000), runs),
  };
}

if (require.main === module) printResults(benchRequirementsParser);
