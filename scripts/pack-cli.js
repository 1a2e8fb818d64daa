#!/usr/bin/env node
// `npm run pack:cli`: the CLI as its own npm package, `sigma-trust-<version>.tgz` — the bundle
// `dist/cli.js` (self-contained: every dependency is bundled), the package.json and README of `cli/`,
// and the LICENSE. The version is the repository's. Install it with `npm install -g ./sigma-trust-*.tgz`.
// Usage: node scripts/pack-cli.js [--out DIR]   (default: the repository root); prints the tarball path.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outArg = process.argv.indexOf('--out');
const outDir = path.resolve(outArg > 0 ? process.argv[outArg + 1] : root);
const bundle = path.join(root, 'dist/cli.js');
if (!fs.existsSync(bundle)) {
  console.error('pack-cli: dist/cli.js is missing; build it first (node esbuild.js --production)');
  process.exit(2);
}

const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const manifest = { ...JSON.parse(fs.readFileSync(path.join(root, 'cli/package.json'), 'utf8')), version };
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'sigma-trust-pack-'));
try {
  // The source map of a development build is not shipped; its comment would point at nothing.
  fs.writeFileSync(path.join(stage, 'cli.js'), fs.readFileSync(bundle, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), { mode: 0o755 });
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.copyFileSync(path.join(root, 'cli/README.md'), path.join(stage, 'README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));
  fs.mkdirSync(outDir, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const file = path.join(outDir, packed[0].filename);
  console.log(file);
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
