/**
 * The server answers `initialize` without the engine: its static import graph (everything but the
 * `./engine` require of server/src/lsp/loadEngine.ts, which esbuild.js makes the separate
 * `dist/engine.js`) holds no parser, parsing library, service pipeline or HTTP client. Those were
 * more than half of the bundle Node read and compiled before the first answer (docs/benchmarks.md).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

describe('server bundle', () => {
  it('leaves the engine (service, parsers, yaml/toml/semver, undici client) to the lazily required engine file', async () => {
    const root = path.resolve(__dirname, '../../..');
    const engineOutside: esbuild.Plugin = {
      name: 'engine-outside',
      setup(build) {
        build.onResolve({ filter: /^\.\/engine$/ }, (args) => (args.importer.endsWith('loadEngine.ts') ? { path: './engine.js', external: true } : undefined));
      },
    };
    const result = await esbuild.build({ entryPoints: [path.join(root, 'server/src/server.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, metafile: true, logLevel: 'silent', mainFields: ['module', 'main'], external: ['undici', 'undici/*'], plugins: [engineOutside] });
    const inputs = Object.keys(result.metafile.inputs);
    const engine = inputs.filter((f) => /node_modules\/(yaml|semver|smol-toml|toml-eslint-parser|jsonc-parser|@renovatebot)\/|server\/src\/service\/(parse|trust|resolve|tree|checker)|shared\/node\/http\//.test(f));
    assert.deepEqual(engine, []);
    assert.ok(inputs.some((f) => f.includes('server/src/lsp/startServer.ts')), 'the graph was read');
  });
});
