/**
 * `sigma-trust preview DRAFT_ID`: the draft package-preview with the token from SIGMA_TOKEN,
 * in text and JSON, and its failures (no token, refused token, unknown draft) with exit code 2.
 */
import assert from 'node:assert/strict';
import { startRegistry, type LocalRegistry } from '../registry';
import { runCli } from '../helpers/cliRunner';

const TOKEN = 'sigma_dev_preview_test_token';

describe('CLI: sigma-trust preview', function () {
  let registry: LocalRegistry;
  const preview = (args: string[], token?: string) => runCli(['preview', ...args, '--api-url', registry.url], { env: token === undefined ? {} : { SIGMA_TOKEN: token } });

  before(async () => {
    registry = await startRegistry({ quiet: true, token: TOKEN });
  });
  after(() => registry.close());

  it('text: totals, savings and the itemised quote', async () => {
    const r = await preview(['draft_web_app_42'], TOKEN);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'Draft draft_web_app_42: package-preview quote');
    assert.equal(lines[1], '  packages 8, certified from cache 4, to audit 1, rejected 1, uncertified 1');
    assert.equal(lines[2], '  transitive dependencies checked 57, uncertified 12');
    assert.equal(lines[3], '  savings $14.00, uncached cost $6.50');
    assert.ok(lines.includes('  npm:express 4.19.2  CERTIFIED  cached  standard  $0.00'), r.stdout);
    assert.ok(lines.includes('  npm:@types/node 20.11.30  TO_AUDIT  uncached  large  $3.50'), r.stdout);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(r.stdout), 'no control characters from the network');
    assert.equal(registry.requests.at(-1)!.headers.authorization, `Bearer ${TOKEN}`);
  });

  it('json: the quote as an object', async () => {
    const r = await preview(['draft_data_service_7', '--format', 'json'], TOKEN);
    assert.equal(r.code, 0, r.stderr);
    const quote = JSON.parse(r.stdout) as { items: Array<{ registrySource: string }>; packagesTotal: number };
    assert.ok(quote.items.length > 0);
    assert.ok(quote.items.every((i) => i.registrySource === 'pypi'));
  });

  const failures: Array<[string, string[], string | undefined, RegExp]> = [
    ['no SIGMA_TOKEN', ['draft_web_app_42'], undefined, /no developer token: set the SIGMA_TOKEN environment variable/],
    ['a blank SIGMA_TOKEN', ['draft_web_app_42'], '   ', /no developer token/],
    ['a refused token', ['draft_web_app_42'], 'sigma_dev_wrong', /The developer token was refused \(HTTP 403\)/],
    ['an unknown draft', ['draft_nope'], TOKEN, /No draft "draft_nope" was found/],
    ['no DRAFT_ID', [], TOKEN, /preview takes exactly one DRAFT_ID/],
    ['a bad --format', ['draft_web_app_42', '--format', 'sarif'], TOKEN, /--format must be text or json/],
  ];
  for (const [name, args, token, message] of failures) {
    it(`exits 2 with a clear message for ${name}`, async () => {
      const r = await preview(args, token);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      if (token) assert.ok(!r.stderr.includes(token.trim()) || token.trim() === '', 'the token never appears in a message');
    });
  }

  it('exits 2 when the API answers 401 (no Authorization accepted)', async () => {
    registry.addFault({ endpoint: 'preview', times: 1, fault: { kind: 'status', status: 401 } });
    const r = await preview(['draft_web_app_42'], TOKEN);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /The developer token was refused \(HTTP 401\)/);
  });
});
