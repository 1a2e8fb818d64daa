#!/usr/bin/env node
// `npm run package`: a VSIX made by @vscode/vsce from the production bundles (every runtime
// dependency is bundled, so the package carries no node_modules). vsce runs the `vscode:prepublish`
// script, the one production build. Prints its size.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

// vsce stores README.md, CHANGELOG.md and LICENSE as readme.md, changelog.md and LICENSE.txt, so the
// packed README links them by those names (a link to CHANGELOG.md would miss on a case-sensitive disk).
const PACKED_NAMES = { 'README.md': 'readme.md', 'CHANGELOG.md': 'changelog.md', LICENSE: 'LICENSE.txt' };
const readme = fs
  .readFileSync(path.join(root, 'README.md'), 'utf8')
  .replace(/\]\((README\.md|CHANGELOG\.md|LICENSE)(#[^)]*)?\)/g, (_m, file, anchor) => `](${PACKED_NAMES[file]}${anchor ?? ''})`);
// vsce takes the README from inside the project (it must be among the files it collects).
const readmePath = 'dist/README.packed.md';
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
fs.writeFileSync(path.join(root, readmePath), readme);
try {
  execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--readme-path', readmePath,
    // With no public repository to point them at, the README's links and images stay relative and the
    // files they name ship in the package (.vscodeignore), where the Details page finds them.
    '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: 'inherit' });
} finally {
  fs.rmSync(path.join(root, readmePath), { force: true });
}
const bytes = fs.statSync(out).size;
console.log(`VSIX: ${path.relative(root, out)} ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
