#!/usr/bin/env node
// `npm run demo`: start the local SIGMA registry with the example data, check the manifests in
// examples/ with the real CLI (dist/cli.js), print the report, stop the registry.
// Extra arguments go to `sigma-trust check` (e.g. `npm run demo -- --format json`).
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function startRegistry() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/registry/cli.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('exit', (code) => reject(new Error(`local registry exited early (code ${code})`)));
  });
}

(async () => {
  const { child, url } = await startRegistry();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-demo-cache-'));
  console.log(`Local SIGMA registry: ${url}\nChecking examples/ …\n`);
  const args = [path.join(root, 'dist/cli.js'), 'check', 'examples', '--api-url', url, '--npm-registry-url', url, '--pypi-url', url, '--cache-dir', cacheDir, '--fail-on', 'never', ...process.argv.slice(2)];
  const cli = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.stdout.isTTY ? '1' : process.env.FORCE_COLOR ?? '' } });
  const code = await new Promise((resolve) => cli.on('exit', (c) => resolve(c ?? 2)));
  child.kill('SIGTERM');
  fs.rmSync(cacheDir, { recursive: true, force: true });
  process.exit(code);
})().catch((err) => {
  console.error(`demo failed: ${err.message}`);
  process.exit(2);
});
