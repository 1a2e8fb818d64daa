/**
 * The CLI's import graph stays free of the LSP protocol packages: their modules are read and compiled
 * at every CLI start though the CLI never speaks LSP (docs/benchmarks.md, issue 16 findings).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

describe('CLI bundle', () => {
  it('does not include vscode-jsonrpc, vscode-languageserver-protocol or vscode-languageserver (types and textdocument are the service\'s own)', async () => {
    const root = path.resolve(__dirname, '../../..');
    const result = await esbuild.build({ entryPoints: [path.join(root, 'server/src/cli/main.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', write: false, metafile: true, logLevel: 'silent', mainFields: ['module', 'main'] });
    const inputs = Object.keys(result.metafile.inputs);
    const lsp = inputs.filter((f) => /node_modules\/(vscode-jsonrpc|vscode-languageserver-protocol|vscode-languageserver)\//.test(f));
    assert.deepEqual(lsp, []);
    assert.ok(inputs.some((f) => f.includes('server/src/cli/')), 'the graph was read');
  });
});
