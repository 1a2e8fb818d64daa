/**
 * `.pre-commit-hooks.yaml` (docs/ci.md, "pre-commit"): a commit that brings a rejected dependency is
 * refused, one that touches no manifest or lockfile does not run the check. With the `pre-commit` tool
 * when it is installed (Debian package `pre-commit`); otherwise the hook's entry is run as pre-commit
 * runs it (the staged files matched against `files`, `entry` + `args`, no file names).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { MANIFEST_FORMATS, LOCKFILE_FORMATS } from '../../shared/src/formats';
import { collectOutput, registryFlags } from '../helpers/cliRunner';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const ROOT = path.resolve(__dirname, '../..');
const HOOKS_FILE = path.join(ROOT, '.pre-commit-hooks.yaml');

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames?: boolean;
}
const HOOKS = parse(fs.readFileSync(HOOKS_FILE, 'utf8')) as Hook[];
const HOOK = HOOKS.find((h) => h.id === 'sigma-trust')!;
/** pre-commit matches `files` with Python's re.search; `(?i)` at the start is the only flag used. */
const FILES = new RegExp(HOOK.files.replace(/^\(\?i\)/, ''), HOOK.files.startsWith('(?i)') ? 'i' : '');
const PRE_COMMIT = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;

/** Asynchronous: the local registry answers from this very process, so it must not be blocked. */
async function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const r = await collectOutput(spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  return { code: r.code ?? -1, output: r.stdout + r.stderr };
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
}

describe(`pre-commit hook (${PRE_COMMIT ? 'run by the pre-commit tool' : 'its entry run as pre-commit would'})`, function () {
  this.timeout(180_000);
  let ws: CliWorkspace;
  let env: NodeJS.ProcessEnv;
  let args: string[];

  /** `git commit` with the hook in place: the hook's exit code and output. */
  async function commit(dir: string, message: string): Promise<{ code: number; output: string }> {
    if (PRE_COMMIT) return run('git', ['commit', '-q', '-m', message], dir, env);
    const staged = git(dir, 'diff', '--cached', '--name-only').split('\n').filter(Boolean);
    let result = { code: 0, output: `${HOOK.id}: no files to check, skipped` };
    if (staged.some((f) => FILES.test(f))) {
      const [command, ...entryArgs] = HOOK.entry.split(' ');
      result = await run(command, [...entryArgs, ...args, ...(HOOK.pass_filenames === false ? [] : staged)], dir, env);
    }
    if (result.code === 0) git(dir, 'commit', '-q', '--no-verify', '-m', message);
    return result;
  }

  before(async () => {
    ws = await cliWorkspace();
    // `language: system`: the CLI is on PATH, as after `npm install -g ./sigma-trust-*.tgz`.
    const bin = path.join(ws.tmp, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'sigma-trust'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'dist/cli.js')}" "$@"\n`, { mode: 0o755 });
    env = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
      PRE_COMMIT_HOME: path.join(ws.tmp, 'pre-commit-home'),
      FORCE_COLOR: undefined,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.invalid',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.invalid',
    };
    args = [...registryFlags(ws.registry.url), '--cache-dir', path.join(ws.tmp, 'hook-cache')];
  });
  after(() => ws.close());

  it('its files pattern matches every manifest and lockfile the CLI reads, in any folder, and nothing else', () => {
    const globs = [...Object.values(MANIFEST_FORMATS).flatMap((f) => f.globs), ...Object.values(LOCKFILE_FORMATS).flatMap((f) => f.globs)];
    for (const glob of globs) {
      const name = glob.replace(/\*/g, 'dev');
      assert.ok(FILES.test(name) && FILES.test(`services/api/${name}`), name);
    }
    assert.ok(FILES.test('Requirements.txt'));
    for (const other of ['README.md', 'src/index.ts', 'package.json.bak', 'docs/requirements.md']) assert.ok(!FILES.test(other), other);
    assert.equal(HOOK.pass_filenames, false, 'lockfiles are not manifests: the hook checks the whole repository');
  });

  it('refuses a commit that adds a rejected dependency; lets through one that only touches other files', async () => {
    // A hook repository holding this .pre-commit-hooks.yaml, committed (pre-commit reads hooks at a revision).
    const hookRepo = ws.project({ '.pre-commit-hooks.yaml': fs.readFileSync(HOOKS_FILE, 'utf8') });
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '.');
    git(hookRepo, 'commit', '-q', '-m', 'hooks');
    const rev = git(hookRepo, 'rev-parse', 'HEAD').trim();
    const project = ws.project({
      'package.json': '{ "dependencies": { "express": "4.19.2" } }\n',
      '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: sigma-trust\n        args: ${JSON.stringify(args)}\n`,
    });
    git(project, 'init', '-q');
    if (PRE_COMMIT) execFileSync('pre-commit', ['install'], { cwd: project, env });
    git(project, 'add', '.');
    const clean = await commit(project, 'a clean dependency');
    assert.equal(clean.code, 0, clean.output);
    if (PRE_COMMIT) assert.match(clean.output, /SIGMA Package Trust\.+Passed/);

    fs.writeFileSync(path.join(project, 'package.json'), '{ "dependencies": { "express": "4.19.2", "left-pad": "1.3.0" } }\n');
    git(project, 'add', 'package.json');
    const rejected = await commit(project, 'a rejected dependency');
    assert.equal(rejected.code, 1, rejected.output);
    assert.match(rejected.output, /left-pad +1\.3\.0 +exact +✗ rejected/);
    if (PRE_COMMIT) assert.match(rejected.output, /SIGMA Package Trust\.+Failed/);
    assert.equal(git(project, 'log', '--oneline').trim().split('\n').length, 1, 'the commit was refused');

    git(project, 'reset', '-q', 'package.json');
    fs.writeFileSync(path.join(project, 'README.md'), '# app\n');
    git(project, 'add', 'README.md');
    const other = await commit(project, 'docs only');
    assert.equal(other.code, 0, other.output);
    if (PRE_COMMIT) assert.match(other.output, /SIGMA Package Trust\.+\(no files to check\)Skipped/);
  });
});
