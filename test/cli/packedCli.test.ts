/**
 * The CLI as a package (docs/ci.md, "Installing the CLI"): `scripts/pack-cli.js` packs
 * `sigma-trust-<version>.tgz`; installed into an empty folder with npm, `npx sigma-trust` runs it —
 * with no network but the local registry (npm runs with --offline).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectOutput, registryFlags, type CliResult } from '../helpers/cliRunner';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const ROOT = path.resolve(__dirname, '../..');
const ROOT_PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return collectOutput(spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

describe('CLI: the packed package, installed into an empty folder', function () {
  this.timeout(180_000);
  let ws: CliWorkspace;
  let tarball: string;
  let app: string;
  // npm must not reach any registry: the tarball has no dependencies to fetch.
  const npmEnv = { npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

  before(async () => {
    ws = await cliWorkspace();
    tarball = execFileSync(process.execPath, [path.join(ROOT, 'scripts/pack-cli.js'), '--out', path.join(ws.tmp, 'packed')], { encoding: 'utf8' }).trim();
    app = path.join(ws.tmp, 'empty');
    fs.mkdirSync(app);
    const install = await run('npm', ['install', tarball], app, npmEnv);
    assert.equal(install.code, 0, install.stderr);
  });
  after(() => ws.close());

  it('is sigma-trust-<version>.tgz holding only the bundle, package.json, README and LICENSE', () => {
    assert.equal(path.basename(tarball), `sigma-trust-${ROOT_PACKAGE.version}.tgz`);
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').sort();
    assert.deepEqual(files, ['package/LICENSE', 'package/README.md', 'package/cli.js', 'package/package.json']);
    const installed = JSON.parse(fs.readFileSync(path.join(app, 'node_modules/sigma-trust/package.json'), 'utf8')) as { name: string; bin: Record<string, string>; dependencies?: unknown };
    assert.deepEqual([installed.name, installed.bin, installed.dependencies], ['sigma-trust', { 'sigma-trust': 'cli.js' }, undefined]);
  });

  it('npx sigma-trust --version and --help', async () => {
    const version = await run('npx', ['sigma-trust', '--version'], app, npmEnv);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout, `${ROOT_PACKAGE.version}\n`);
    const help = await run('npx', ['sigma-trust', 'check', '--help'], app, npmEnv);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^ {2}--baseline REPORT\.json /m);
  });

  it('npx sigma-trust check runs the real check against the local registry', async () => {
    fs.writeFileSync(path.join(app, 'requirements.txt'), 'PyYAML==6.0.1\nrequests==2.31.0\n');
    const r = await run('npx', ['sigma-trust', 'check', 'requirements.txt', ...registryFlags(ws.registry.url), '--cache-dir', path.join(ws.tmp, 'npx-cache')], app, npmEnv);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^ {2}pyyaml +6\.0\.1 +exact +✗ rejected/m);
    assert.match(r.stdout, /^2 dependencies, 1 approved, 0 conditional, 1 rejected/m);
  });
});

describe('README: install instructions that work', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const cliPackage = JSON.parse(fs.readFileSync(path.join(ROOT, 'cli/package.json'), 'utf8')) as { name: string; bin: Record<string, string> };

  it('names the package that npm run pack:cli makes, with the bin it installs', () => {
    assert.equal(cliPackage.name, 'sigma-trust');
    assert.deepEqual(Object.keys(cliPackage.bin), ['sigma-trust']);
    assert.ok(readme.includes(`npm install -g ./${cliPackage.name}-*.tgz`));
    assert.ok(readme.includes('npm run pack:cli'));
  });

  it('never tells to run npx sigma-trust before the tarball is installed (the name on the registry is not this project)', () => {
    const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'));
    assert.deepEqual(commands.filter((l) => /\bnpx sigma-trust\b/.test(l)), []);
  });
});
