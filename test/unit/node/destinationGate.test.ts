import assert from 'node:assert/strict';
import { passGate } from '../../../shared/node/http/destinationGate';
import { destinationRefusal, destinationsFor, parseAllowedHost } from '../../../shared/src/destinations';
import { expandVariables } from '../../../shared/src/envTemplate';

const settings = { apiUrl: 'https://api.example', npmRegistryUrl: 'https://registry.example', pypiUrl: 'https://pypi.example', allowedIndexHosts: ['private.example', 'ci.example:8443', '[::1]:9000'] };
const destinations = destinationsFor(settings);
const env = { TOKEN: 's3cr3t', USER_NAME: 'me', EVIL: 'evil.example/x?' };

describe('destination policy (docs/security.md, what a manifest may not decide)', () => {
  it('reads host and host:port entries, and nothing else', () => {
    assert.deepEqual(parseAllowedHost('Private.Example'), { host: 'private.example' });
    assert.deepEqual(parseAllowedHost('ci.example:8443'), { host: 'ci.example', port: '8443' });
    assert.deepEqual(parseAllowedHost('[::1]:9000'), { host: '::1', port: '9000' });
    for (const bad of ['https://private.example', 'private.example/simple', '*.example', 'host:0', 'host:99999', '', 'user@host']) assert.equal(parseAllowedHost(bad), undefined, bad);
  });

  it('allows the origins of the three URLs (scheme and port included) and the listed hosts; names the host and the setting otherwise', () => {
    for (const ok of ['https://api.example/x', 'https://registry.example/lodash', 'https://private.example:1234/simple', 'https://ci.example:8443/simple']) assert.equal(destinationRefusal(new URL(ok), destinations), undefined, ok);
    for (const bad of ['http://api.example/x', 'https://api.example:444/x', 'https://ci.example/simple', 'https://evil.example/simple', 'https://private.example.evil.example/']) {
      const refusal = destinationRefusal(new URL(bad), destinations);
      assert.ok(refusal?.includes(new URL(bad).host) && refusal.includes('sigma.allowedIndexHosts'), `${bad}: ${refusal}`);
    }
  });

  it('expands ${VAR} only on request, and reports unset names', () => {
    assert.deepEqual(expandVariables('a${TOKEN}b${USER_NAME}', env), { text: 'as3cr3tbme' });
    assert.deepEqual(expandVariables('a${NOPE}${TOKEN}', env), { missing: ['NOPE'] });
  });
});

describe('the HTTP gate', () => {
  it('refuses a host that is not allowed before anything else, showing the URL as written', () => {
    const r = passGate({ url: 'https://${TOKEN}@evil.example/${TOKEN}/pypi/x/json', expandEnv: true }, destinations, env);
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.kind === 'not-allowed');
    assert.ok(!JSON.stringify(r).includes('s3cr3t'));
    assert.equal(r.shown, 'https://evil.example/${TOKEN}/pypi/x/json');
  });

  it('fills in ${VAR} only for a host listed in allowedIndexHosts, not merely a configured origin', () => {
    const configured = passGate({ url: 'https://pypi.example/${TOKEN}/pypi/x/json', expandEnv: true }, destinations, env);
    assert.ok(!configured.ok && configured.kind === 'not-allowed' && !JSON.stringify(configured).includes('s3cr3t'));
    const allowed = passGate({ url: 'https://${USER_NAME}:${TOKEN}@private.example/${TOKEN}/pypi/x/json', expandEnv: true }, destinations, env);
    assert.ok(allowed.ok);
    assert.equal(allowed.url.pathname, '/s3cr3t/pypi/x/json');
    assert.equal(allowed.headers.authorization, `Basic ${Buffer.from('me:s3cr3t').toString('base64')}`);
    assert.equal(allowed.shown, 'https://private.example/${TOKEN}/pypi/x/json');
  });

  it('never expands without expandEnv, nor without a policy, nor when a value would move the host', () => {
    const literal = passGate({ url: 'https://private.example/${TOKEN}/x' }, destinations, env);
    assert.ok(literal.ok && !literal.url.href.includes('s3cr3t'));
    const noPolicy = passGate({ url: 'https://private.example/${TOKEN}/x', expandEnv: true }, undefined, env);
    assert.ok(!noPolicy.ok && noPolicy.kind === 'not-allowed');
    const moved = passGate({ url: 'https://${EVIL}@private.example/x', expandEnv: true }, destinations, { EVIL: 'a@evil.example/' });
    assert.ok(!moved.ok && moved.kind === 'not-allowed', JSON.stringify(moved));
    const unset = passGate({ url: 'https://private.example/${NOPE}/x', expandEnv: true }, destinations, env);
    assert.ok(!unset.ok && unset.detail.includes('${NOPE}'));
  });
});
