/**
 * Crash containment in the real server: requests with malformed params, impossible positions,
 * non-string fields and unknown methods fail (or answer a harmless default) one by one; the server
 * answers the next request every time and never dies.
 */
import assert from 'node:assert/strict';
import { loadFixtureData } from '../registry';
import { hoverMarkdown, settle, startServerEnv, writeFile, type ServerEnv } from './harness';

describe('reliability: a handler error is a failed request, never a dead server', function () {
  this.timeout(60_000);
  let env: ServerEnv;
  let uri: string;

  before(async () => {
    env = await startServerEnv({ data: loadFixtureData(), settings: { requestTimeoutMs: 5000 } });
    const text = '{\n  "dependencies": {\n    "lodash": "4.17.20"\n  }\n}\n';
    uri = writeFile(env.dir, 'package.json', text).uri;
    await settle(env.client, () => env.client.open(uri, 'json', text), 'the check', [uri]);
  });

  after(async () => {
    await env?.stop();
  });

  const bad: Array<{ name: string; method: string; params: unknown }> = [
    { name: 'hover far outside the document', method: 'textDocument/hover', params: { textDocument: { uri: '' }, position: { line: 1e9, character: -5 } } },
    { name: 'hover with a non-numeric position', method: 'textDocument/hover', params: { textDocument: { uri: '' }, position: { line: 'x', character: null } } },
    { name: 'hover with no params', method: 'textDocument/hover', params: null },
    { name: 'hover on an unknown document', method: 'textDocument/hover', params: { textDocument: { uri: 'file:///nowhere/package.json' }, position: { line: 0, character: 0 } } },
    { name: 'verifyPackage with non-string fields', method: 'sigma/verifyPackage', params: { registry: 'npm', name: 42, version: null } },
    { name: 'verifyPackage with an unknown registry', method: 'sigma/verifyPackage', params: { registry: 'cargo', name: {}, version: [] } },
    { name: 'verifyPackage without params', method: 'sigma/verifyPackage', params: undefined },
    { name: 'inlay hints for a garbage range', method: 'textDocument/inlayHint', params: { textDocument: { uri: '' }, range: { start: 5, end: 'x' } } },
    { name: 'code actions with garbage context', method: 'textDocument/codeAction', params: { textDocument: { uri: '' }, range: null, context: { diagnostics: 'no' } } },
    { name: 'executeCommand with hostile arguments', method: 'workspace/executeCommand', params: { command: 'sigma.server.openUrl', arguments: ['command:workbench.action.quit', { __proto__: { x: 1 } }] } },
    { name: 'stats with a uri of the wrong type', method: 'sigma/stats', params: { uri: 17 } },
    { name: 'an unknown method', method: 'sigma/doesNotExist', params: {} },
  ];

  for (const b of bad) {
    it(`${b.name}: answered or refused, then the next hover answers`, async () => {
      const params = b.params !== null && typeof b.params === 'object' && 'textDocument' in b.params ? { ...b.params, textDocument: { uri: (b.params as { textDocument: { uri: string } }).textDocument.uri || uri } } : b.params;
      const outcome = await env.client.connection.sendRequest(b.method, params).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (b.method === 'sigma/doesNotExist') assert.equal(outcome.ok, false, 'an unknown method is an error answer');
      assert.match((await hoverMarkdown(env.client, uri, { line: 2, character: 6 })) ?? '', /lodash/, 'the server still answers a normal hover');
      assert.equal(env.client.child.exitCode, null, 'the server is alive');
    });
  }

  it('the handler errors were logged as failed requests, with no uncaught exception or unhandled rejection', () => {
    assert.match(env.client.logMessages.join('\n'), /verifyPackage failed: TypeError/, 'a real handler error happened and was contained');
    assert.doesNotMatch(env.client.logMessages.join('\n') + env.client.stderr, /uncaught exception|unhandled rejection/i);
  });
});
