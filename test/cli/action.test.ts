/**
 * action.yml, run here step by step as a GitHub runner would (docs/ci.md, "GitHub Action"): each
 * `run:` step in bash with its `env:` (the `${{ inputs.* }}` and `${{ steps.*.outputs.* }}`
 * expressions evaluated), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / RUNNER_TEMP files, in the project
 * folder as GITHUB_WORKSPACE, against the local registry. The built dist/cli.js is the action's own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';
import { collectOutput } from '../helpers/cliRunner';

const ROOT = path.resolve(__dirname, '../..');

interface ActionStep {
  id: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}
const ACTION = parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

interface ActionRun {
  code: number;
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

/** `${{ inputs.x }}` and `${{ steps.id.outputs.x }}`; any other expression fails the test, so the runner here cannot silently differ. */
function evaluate(text: string, inputs: Record<string, string>, steps: Record<string, Record<string, string>>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return inputs[input[1]] ?? '';
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
    if (output) return steps[output[1]]?.[output[2]] ?? '';
    throw new Error(`expression not supported by the test runner: ${expr}`);
  });
}

function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

async function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; log: string }> {
  const r = await collectOutput(spawn('bash', ['-e', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  return { code: r.code ?? -1, log: r.stdout + r.stderr };
}

describe('GitHub Action (action.yml) with a fake runner environment', function () {
  this.timeout(120_000);
  let ws: CliWorkspace;
  let n = 0;

  /** Runs the composite action's steps in order, stopping at the first that fails, as a runner does. */
  async function runAction(workspace: string, given: Record<string, string>): Promise<ActionRun> {
    const inputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(ACTION.inputs)) inputs[name] = given[name] ?? spec.default ?? '';
    const runnerDir = path.join(ws.tmp, `runner-${++n}`);
    fs.mkdirSync(path.join(runnerDir, 'temp'), { recursive: true });
    const summaryFile = path.join(runnerDir, 'step-summary.md');
    fs.writeFileSync(summaryFile, '');
    const steps: Record<string, Record<string, string>> = {};
    let code = 0;
    let log = '';
    for (const step of ACTION.runs.steps) {
      assert.equal(step.uses, undefined, 'every step is a script the test can run');
      assert.equal(step.shell, 'bash');
      const outputFile = path.join(runnerDir, `output-${step.id}`);
      fs.writeFileSync(outputFile, '');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: ROOT,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: path.join(runnerDir, 'temp'),
      };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = evaluate(String(v), inputs, steps);
      const r = await bash(evaluate(step.run!, inputs, steps), workspace, env);
      log += r.log;
      steps[step.id] = readOutputs(outputFile);
      if (r.code !== 0) {
        code = r.code;
        break;
      }
    }
    const outputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(ACTION.outputs)) outputs[name] = evaluate(spec.value, inputs, steps);
    return { code, outputs, summary: fs.readFileSync(summaryFile, 'utf8'), log };
  }

  const local = (): Record<string, string> => ({ 'api-url': ws.registry.url, 'npm-registry-url': ws.registry.url, 'pypi-url': ws.registry.url });
  const validate = (() => {
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object);
  })();

  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/cli.js')), 'build first: node esbuild.js');
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  it('a rejected dependency: the step fails with exit 1, writes the job summary, a valid SARIF file and the counts', async () => {
    const project = ws.project({ 'package.json': '{ "dependencies": { "left-pad": "1.3.0", "express": "4.19.2" } }', 'svc/requirements.txt': 'requests==2.31.0\n' });
    const r = await runAction(project, local());
    assert.equal(r.code, 1, r.log);
    assert.equal(r.outputs['exit-code'], '1');
    assert.match(r.summary, /^### ✗ SIGMA Package Trust: \d+ errors?, \d+ warnings? in 3 dependencies$/m);
    assert.match(r.summary, /\| ✗ error \| `left-pad` \| 1\\\.3\\\.0 \| package\\\.json\\:1 \(exact\) \| \*\*rejected\*\*/);
    assert.ok(path.isAbsolute(r.outputs.sarif) && r.outputs.sarif.startsWith(path.dirname(path.dirname(r.outputs.json))), 'reports under RUNNER_TEMP');
    const sarif = JSON.parse(fs.readFileSync(r.outputs.sarif, 'utf8')) as { runs: Array<{ invocations: Array<{ exitCode: number }>; results: unknown[] }> };
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3)));
    assert.equal(sarif.runs[0].invocations[0].exitCode, 1);
    assert.deepEqual(
      { dependencies: r.outputs.dependencies, rejected: r.outputs.rejected, uncertified: r.outputs.uncertified, 'left-out': r.outputs['left-out'] },
      { dependencies: '3', rejected: '1', uncertified: '0', 'left-out': '0' },
    );
    assert.equal(Number(r.outputs.findings), sarif.runs[0].results.filter((x) => (x as { ruleId: string }).ruleId !== 'skipped').length);
  });

  it('the pull request flow: the base branch report as baseline passes the unchanged project and fails only on the new dependency', async () => {
    const base = ws.project({ 'package.json': '{ "dependencies": { "left-pad": "1.3.0", "express": "4.19.2" } }' });
    const baseRun = await runAction(base, { ...local(), 'fail-on': 'never' });
    assert.equal(baseRun.code, 0, baseRun.log);
    const unchanged = await runAction(base, { ...local(), baseline: baseRun.outputs.json });
    assert.equal(unchanged.code, 0, unchanged.log);
    assert.equal(unchanged.outputs.findings, '0');
    assert.ok(Number(unchanged.outputs['left-out']) > 0);
    assert.match(unchanged.summary, /findings? left out: already in the baseline/);
    ws.write(base, { 'package.json': '{ "dependencies": { "node-ipc": "10.1.1", "express": "4.19.2", "left-pad": "1.3.0" } }' });
    const grown = await runAction(base, { ...local(), baseline: baseRun.outputs.json });
    assert.equal(grown.code, 1);
    const rows = grown.summary.split('\n').filter((l) => /^\| [✗⚠ℹ·]/.test(l));
    assert.ok(rows.length > 0 && rows.every((l) => l.includes('`node-ipc`')), grown.summary);
    assert.ok(fs.existsSync(baseRun.outputs.json), 'the baseline file is not overwritten by later runs');
  });

  it('a usage error stops the step with exit 2 and says so in the summary', async () => {
    const r = await runAction(ws.project({ 'package.json': '{}' }), { ...local(), 'fail-on': 'sometimes' });
    assert.equal(r.code, 2);
    assert.match(r.log, /--fail-on must be one of/);
    assert.match(r.summary, /could not run \(exit 2\)/);
    assert.equal(r.outputs.sarif, '');
  });

  it('the cli input runs a given command instead of the built checkout', async () => {
    const r = await runAction(ws.project({ 'package.json': '{ "dependencies": { "express": "4.19.2" } }' }), { ...local(), cli: `node ${path.join(ROOT, 'dist/cli.js')}` });
    assert.equal(r.code, 0, r.log);
    assert.match(r.summary, /^### ✓ SIGMA Package Trust/m);
  });
});
