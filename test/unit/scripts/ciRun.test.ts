/**
 * `.ci/run` does exactly what the README's Quick start tells a newcomer to do, and nothing before it:
 * a CI run that prepared the machine first (as it once installed the end-to-end tools before any npm
 * command) hides what a fresh machine meets.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The commands of the first `sh` block under "## Quick start", without comments and blank lines. */
function readmeQuickStart(readme: string): string[] {
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  assert.ok(section, 'README.md has a "## Quick start" section');
  const block = /^```sh\n([\s\S]*?)^```/m.exec(section)?.[1];
  assert.ok(block, 'the Quick start has a ```sh block');
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Every command `.ci/run` executes after its preamble: the argument of each `step '…'` line. */
function ciCommands(script: string): string[] {
  const preamble = new Set(['set -euo pipefail', 'cd "$(dirname "$0")/.."']);
  const commands: string[] = [];
  let inFunction = false;
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || preamble.has(line)) continue;
    if (/^step\(\) \{$/.test(line)) inFunction = true;
    if (inFunction) {
      if (line === '}') inFunction = false;
      continue;
    }
    const m = /^step '([^']*)'$/.exec(line);
    assert.ok(m, `.ci/run runs only README commands, through step '…'; found: ${line}`);
    commands.push(m[1]);
  }
  return commands;
}

describe('.ci/run and the README', () => {
  it('run the same commands, in the same order, and nothing else', () => {
    const readme = readmeQuickStart(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
    const ci = ciCommands(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8'));
    assert.deepEqual(readme, ['npm ci && npm run demo', 'npm test']);
    assert.deepEqual(ci, readme);
  });

  it('would notice a preparation step before the README’s commands', () => {
    const script = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8').replace("step 'npm ci", "bash scripts/setup-e2e.sh\nstep 'npm ci");
    assert.throws(() => ciCommands(script), /found: bash scripts\/setup-e2e\.sh/);
  });
});
