import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/service/model';
import { applySuppression, expiryOf, ignoreProblems, matchSuppression } from '../../../server/src/service/stages/suppressions';

describe('sigma.ignore expiry (until)', () => {
  const dep = { registry: 'npm' as const, normalizedName: 'left-pad' };
  const now = Date.UTC(2026, 0, 1);

  it('a real YYYY-MM-DD date expires at the end of that day, UTC; none means no expiry', () => {
    assert.equal(expiryOf('2024-02-29'), Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    assert.equal(expiryOf(undefined), undefined);
    assert.equal(expiryOf(''), undefined);
  });

  for (const until of ['31/01/2025', '2025-13-01', '2025-02-30', '2023-02-29', '2025-1-31', 'tomorrow', '2027-01-31T00:00:00Z']) {
    it(`${JSON.stringify(until)} is refused: the entry suppresses nothing, and a message names it`, () => {
      assert.equal(expiryOf(until), 'invalid');
      const entry = { package: 'npm:left-pad', reason: 'r', until };
      assert.deepEqual(matchSuppression([entry], dep, '1.3.0', now), { state: 'none' });
      assert.deepEqual(ignoreProblems([entry, { package: 'npm:ok', reason: '', until: '2999-12-31' }]), [
        `sigma.ignore: the entry for npm:left-pad is not applied — its "until" is ${JSON.stringify(until)}, not a date in the form YYYY-MM-DD (for example 2027-01-31)`,
      ]);
    });
  }

  it('a refused entry does not hide a valid one for the same package', () => {
    const entries = [
      { package: 'npm:left-pad', reason: 'bad', until: '2025-02-30' },
      { package: 'npm:left-pad', reason: 'good', until: '2999-12-31' },
    ];
    assert.deepEqual(matchSuppression(entries, dep, '1.3.0', now), { state: 'active', entry: entries[1] });
  });
});

describe('applySuppression: what a dependency or tree package shows under its match', () => {
  const findings: Finding[] = [{ code: 'rejected', severity: 'error', message: 'REJECTED' }];
  const entry = { package: 'npm:left-pad', reason: 'vendored', until: '2027-01-31' };

  it('an active entry hides every finding and is named', () => {
    assert.deepEqual(applySuppression(findings, { state: 'active', entry }), { suppression: { state: 'active', reason: 'vendored', until: '2027-01-31' }, findings: [] });
  });

  it('an expired entry shows every finding again, saying so', () => {
    assert.deepEqual(applySuppression(findings, { state: 'expired', entry }), {
      suppression: { state: 'expired', reason: 'vendored', until: '2027-01-31' },
      findings: [{ code: 'rejected', severity: 'error', message: 'REJECTED (suppression expired 2027-01-31)' }],
    });
  });

  it('no entry: the findings as they are, and no suppression', () => {
    assert.deepEqual(applySuppression(findings, { state: 'none' }), { suppression: undefined, findings });
  });
});
