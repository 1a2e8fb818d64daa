// One bundle per driver. tsc -b type-checks; esbuild only transpiles and bundles.
// Usage: node esbuild.js [--watch] [--production]
'use strict';
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // Bundles go into the VSIX without node_modules; nothing may stay external but vscode.
  external: ['vscode'],
  // Prefer ES module builds: jsonc-parser's UMD build loads its parts with a dynamic require that a
  // bundle cannot follow.
  mainFields: ['module', 'main'],
};

/**
 * undici is half of the server bundle (~520 of ~1,000 KB minified) and is first needed when a
 * document opens, yet every byte of a script is parsed when Node loads it. The server bundle
 * therefore gets undici from a second file, `dist/undici.js`, required on first use: each
 * `undici` / `undici/…` import of the server becomes a stub reading the matching getter of that
 * file. An import path not listed here fails the build, so a new one cannot silently bundle
 * undici back in (or miss from the split file).
 */
const UNDICI_PATHS = ['undici', 'undici/lib/dispatcher/agent', 'undici/lib/api/api-request'];
const UNDICI_FILE = './undici.js';

/** @type {import('esbuild').Plugin} */
const undiciOutside = {
  name: 'undici-outside',
  setup(build) {
    build.onResolve({ filter: /^undici(\/.*)?$/ }, (args) => ({ path: args.path, namespace: 'undici-outside' }));
    build.onResolve({ filter: /^\.\/undici\.js$/, namespace: 'undici-outside' }, (args) => ({ path: args.path, external: true }));
    build.onLoad({ filter: /.*/, namespace: 'undici-outside' }, (args) => {
      if (!UNDICI_PATHS.includes(args.path)) {
        return { errors: [{ text: `${args.path}: add it to UNDICI_PATHS in esbuild.js (undici is bundled into ${UNDICI_FILE})` }] };
      }
      return { contents: `module.exports = require(${JSON.stringify(UNDICI_FILE)})[${JSON.stringify(args.path)}];`, loader: 'js' };
    });
  },
};

/** The split file: one lazy getter per path, so a direct request still evaluates only the parts it needs. */
const undiciEntry = UNDICI_PATHS.map((p) => `  get ${JSON.stringify(p)}() { return require(${JSON.stringify(p)}); },`).join('\n');

/**
 * The engine (server/src/lsp/engine.ts: the service, its parsers and their libraries, the Node
 * runtime) is more than half of the server bundle and is not needed to answer `initialize`. The
 * server bundle requires it from `dist/engine.js` (server/src/lsp/loadEngine.ts), loaded after that
 * answer (docs/benchmarks.md, server start).
 */
const ENGINE_FILE = './engine.js';

/** @type {import('esbuild').Plugin} */
const engineOutside = {
  name: 'engine-outside',
  setup(build) {
    build.onResolve({ filter: /^\.\/engine$/ }, (args) => (args.importer.endsWith('loadEngine.ts') ? { path: ENGINE_FILE, external: true } : undefined));
  },
};

const bundles = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, plugins: [undiciOutside, engineOutside] },
  { ...common, entryPoints: ['server/src/lsp/engine.ts'], outfile: 'dist/engine.js', plugins: [undiciOutside] },
  { ...common, stdin: { contents: `module.exports = {\n${undiciEntry}\n};`, resolveDir: __dirname, sourcefile: 'undici-split.js' }, outfile: 'dist/undici.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Webview scripts run in the browser sandbox of a webview, not in Node.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', external: [], entryPoints: ['client/webview/preview.ts'], outfile: 'dist/webview/preview.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', external: [], entryPoints: ['client/webview/stats.ts'], outfile: 'dist/webview/stats.js' },
  // The end-to-end suite is loaded by the extension host (code-server or Electron).
  { ...common, entryPoints: ['test/e2e/suite/index.ts'], outfile: 'dist-test/e2e/index.js', external: ['vscode', 'mocha'] },
];

async function main() {
  const fs = require('node:fs');
  const present = bundles.filter((b) => (b.entryPoints ?? []).every((e) => fs.existsSync(e)));
  if (watch) {
    const contexts = await Promise.all(present.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('[esbuild] watching', present.length, 'bundles');
    return;
  }
  await Promise.all(present.map((b) => esbuild.build(b)));
  for (const f of ['dist/server.js', 'dist/cli.js']) if (fs.existsSync(f)) fs.chmodSync(f, 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
