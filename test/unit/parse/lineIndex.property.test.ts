import * as assert from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { positionsOf } from '../../../server/src/service/parse/lineIndex';

describe('positionsOf (parse/lineIndex.ts)', () => {
  const text = fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', '😀', '"'), { maxLength: 60 }).map((parts) => parts.join(''));

  it('gives the same positions as TextDocument.positionAt, for offsets in any order', () => {
    fc.assert(
      fc.property(text, fc.array(fc.integer({ min: -3, max: 70 }), { maxLength: 40 }), (source, offsets) => {
        const document = TextDocument.create('untitled:x', 'plaintext', 0, source);
        const positionAt = positionsOf(source);
        for (const offset of offsets) assert.deepStrictEqual(positionAt(offset), document.positionAt(offset), `offset ${offset} of ${JSON.stringify(source)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same positions on long texts asked in document order with jumps of many lines', () => {
    const long = fc.array(fc.constantFrom('a', 'bb', '\n', '\n\n\n'), { minLength: 50, maxLength: 400 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(long, fc.array(fc.nat(), { maxLength: 30 }), (source, picks) => {
        const document = TextDocument.create('untitled:x', 'plaintext', 0, source);
        const positionAt = positionsOf(source);
        for (const offset of picks.map((p) => p % (source.length + 1)).sort((a, b) => a - b)) assert.deepStrictEqual(positionAt(offset), document.positionAt(offset));
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same positions for offsets asked in document order (the parsers’ order)', () => {
    fc.assert(
      fc.property(text, (source) => {
        const document = TextDocument.create('untitled:x', 'plaintext', 0, source);
        const positionAt = positionsOf(source);
        for (let offset = 0; offset <= source.length + 1; offset++) assert.deepStrictEqual(positionAt(offset), document.positionAt(offset));
      }),
      { numRuns: 1000 },
    );
  });
});
