import assert from 'node:assert/strict';
import { originOf, tokenDecision, tokenForRequest } from '../../../client/src/tokenOrigin';

describe('client: the developer token is bound to the API origin it was saved for', () => {
  it('goes without asking to the origin it was saved for (any path), and asks for any other scheme, host or port', () => {
    assert.deepEqual(tokenDecision('https://api.soulbyte.tech', undefined, 'https://api.soulbyte.tech/v2'), { send: true });
    for (const other of ['https://evil.example', 'http://api.soulbyte.tech', 'https://api.soulbyte.tech:8443', 'not a url']) {
      const d = tokenDecision('https://api.soulbyte.tech', undefined, other);
      assert.equal(d.send, false, other);
      assert.ok(!d.send && d.ask.includes('https://api.soulbyte.tech') && d.button.startsWith('Send to'), JSON.stringify(d));
    }
  });

  it('a token saved before origins were recorded is bound to the user-level API origin', () => {
    assert.deepEqual(tokenDecision(undefined, originOf('https://api.soulbyte.tech'), 'https://api.soulbyte.tech'), { send: true });
    assert.equal(tokenDecision(undefined, originOf('https://api.soulbyte.tech'), 'https://workspace-chosen.example').send, false);
    assert.equal(tokenDecision(undefined, undefined, 'https://api.soulbyte.tech').send, false);
  });
});

describe('client: tokenForRequest', () => {
  const source = (answer: string | undefined, asked: string[]) => ({
    token: async () => 'tok',
    savedOrigin: async () => 'https://api.soulbyte.tech',
    userOrigin: () => undefined,
    confirm: async (message: string, button: string) => (asked.push(message), answer === 'yes' ? button : answer),
  });

  it('asks (once) for another origin; a refusal or a dismissed dialog gives no token', async () => {
    const asked: string[] = [];
    assert.deepEqual(await tokenForRequest(source('yes', asked), 'https://api.soulbyte.tech/x'), { token: 'tok' });
    assert.equal(asked.length, 0, 'the saved origin is not asked about');
    assert.deepEqual(await tokenForRequest(source('yes', asked), 'https://other.example'), { token: 'tok' });
    for (const answer of [undefined, 'Cancel']) {
      const result = await tokenForRequest(source(answer, asked), 'https://other.example');
      assert.ok('refused' in result && !JSON.stringify(result).includes('tok"'), JSON.stringify(result));
    }
    assert.equal(asked.length, 3);
  });
});
