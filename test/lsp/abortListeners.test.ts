/**
 * One check shares one cancellation signal across every lookup it starts. Each shared flight used to
 * add its own abort listener to that signal, so any manifest with more than 10 dependencies printed
 * Node's MaxListenersExceededWarning into the user's log (docs/security.md, threat table).
 */
import assert from 'node:assert/strict';
import { byCode, startSession, type Session } from './session';

describe('language server: abort listeners', () => {
  let s: Session;
  before(async () => {
    s = await startSession();
  });
  after(() => s.close());

  it('checks a 30-dependency manifest without a MaxListenersExceededWarning', async () => {
    // Latency keeps every lookup in flight at once, each holding a listener on the check's signal.
    s.registry.setLatency(30);
    const names = Array.from({ length: 30 }, (_, i) => `many-deps-${i}`);
    const text = `{\n  "dependencies": {\n${names.map((n) => `    "${n}": "1.0.0"`).join(',\n')}\n  }\n}\n`;
    await s.openAndWait('package.json', text, (d) => byCode(d.diagnostics, 'uncertified').length === names.length);
    s.registry.setLatency(0);
    // Node writes process warnings through console.error, which the server routes to the client's log.
    const log = `${s.client.stderr}\n${s.client.logMessages.join('\n')}`;
    assert.doesNotMatch(log, /MaxListenersExceededWarning/);
  });
});
