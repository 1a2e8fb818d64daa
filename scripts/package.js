#!/usr/bin/env node
// `npm run package`: a VSIX made by @vscode/vsce from the production bundles (every runtime
// dependency is bundled, so the package carries no node_modules). Prints its size.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license',
  // The README's screenshots are relative links; with no public repository to point them at, vsce
  // would refuse to package. They stay relative (shown in the repository, not on a marketplace page).
  '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: 'inherit' });
const bytes = fs.statSync(out).size;
console.log(`VSIX: ${path.relative(root, out)} ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
