import assert from 'node:assert/strict';
import { compareHashes } from '../../../server/src/service/trust/integrity';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('compareHashes', () => {
  it('match when the reviewed hash is any of the pinned ones', () => {
    assert.equal(compareHashes([B, A], A), 'match');
    assert.equal(compareHashes([A], A.toUpperCase()), 'match');
    assert.equal(compareHashes([`sha256:${A}`], A), 'match');
  });
  it('mismatch when hashes are pinned and none is the reviewed one', () => {
    assert.equal(compareHashes([B], A), 'mismatch');
    assert.equal(compareHashes([B, 'c'.repeat(64)], A), 'mismatch');
  });
  it('unknown when there is nothing to compare', () => {
    assert.equal(compareHashes([], A), 'unknown');
    assert.equal(compareHashes([A], undefined), 'unknown');
    assert.equal(compareHashes([A], 'not-hex'), 'unknown');
    assert.equal(compareHashes(['sha512-abc'], A), 'unknown');
  });
});
