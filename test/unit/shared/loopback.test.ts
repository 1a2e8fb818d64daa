/**
 * One loopback rule (shared/src/urls.ts) for the HTTP client's plain-HTTP gate, the proxy bypass and
 * the draft preview's clear-text check. The two copies it replaced disagreed on the hosts marked
 * "disagreed" below; docs/security.md ("Which hosts count as loopback") says why each answer is the one kept.
 */
import assert from 'node:assert/strict';
import { isInsecureRemote, isLoopbackHost } from '../../../shared/src/urls';
import { isLoopbackHost as policyLoopback, urlRefusal } from '../../../shared/node/http/urlPolicy';
import { resolveProxy } from '../../../shared/node/http/proxy';

const LOOPBACK = [
  'localhost',
  'LOCALHOST',
  '127.0.0.1',
  '127.1.2.3',
  '127.255.255.254',
  '[::1]',
  '::1',
  new URL('http://2130706433/').hostname,
  new URL('http://[0:0::1]/').hostname,
  // Disagreed: the service's copy did not know these spellings of ::1 and of IPv4-mapped 127.0.0.1.
  '0:0:0:0:0:0:0:1',
  '[::ffff:7f00:1]',
  new URL('http://[::ffff:127.0.0.1]/').hostname,
  '127.1',
];

const NOT_LOOPBACK = [
  '127.0.0.1.evil.test',
  'localhost.evil.test',
  'localhost.evil.com',
  'evil-localhost',
  '128.0.0.1',
  '0.0.0.0',
  '10.0.0.1',
  '127.0.0.256',
  '::2',
  '[::2]',
  '[::ffff:a00:1]',
  'example.com',
  '',
  'user@localhost',
  'localhost:80',
  // Disagreed: the HTTP client's copy took any *.localhost name, the service's took `localhost.`;
  // both are names a resolver may send to DNS, so neither is loopback.
  'api.localhost',
  'localhost.',
];

describe('one loopback rule', () => {
  it('the HTTP client and the service use the same function', () => {
    assert.equal(policyLoopback, isLoopbackHost);
  });

  it('knows every spelling of this machine', () => {
    for (const host of LOOPBACK) assert.equal(isLoopbackHost(host), true, host);
  });

  it('refuses names and addresses that may be another machine', () => {
    for (const host of NOT_LOOPBACK) assert.equal(isLoopbackHost(host), false, host);
  });

  it('gate, clear-text check and proxy bypass agree on the hosts the copies disagreed on', () => {
    const cases: Array<[string, boolean]> = [
      ['http://[::ffff:127.0.0.1]:9/x', true],
      ['http://api.localhost:9/x', false],
      ['http://localhost.:9/x', false],
    ];
    for (const [url, loopback] of cases) {
      assert.equal(urlRefusal(new URL(url)) === undefined, loopback, `gate ${url}`);
      assert.equal(isInsecureRemote(url), !loopback, `clear text ${url}`);
      assert.equal(resolveProxy(new URL(url), { proxyUrl: 'http://proxy.test:3128' }) === undefined, loopback, `proxy ${url}`);
    }
  });
});
