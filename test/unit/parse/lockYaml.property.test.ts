/**
 * The fast YAML scanner (lockYamlScanner.ts) must never read a file differently from the `yaml`
 * library: whenever it returns a result, that result (values and entry key offsets) equals the
 * library's. Inputs: lockfile-shaped documents built from pnpm/yarn pieces, then the same with random
 * edits (truncation, inserted characters), then arbitrary text.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readLockYaml, readWithLibrary } from '../../../server/src/service/parse/npm/lockYaml';
import { scanLockYaml } from '../../../server/src/service/parse/npm/lockYamlScanner';

const RUNS = 400;

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('4.17.21', '^1.0.0', 'sha512-Qw+/9==', 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', "'>= 0.8'", '"npm:lodash@^4"') },
  fc.constantFrom('1.2.3', '9.0', "'9.0'", 'sha512-abc+/==', '>= 0.8', '1.2.8000 || >= 1.4.16', 'true', '~', "'*'", '"npm:^1.0.0"', '"a\\"b"', "'it''s'", 'link:../x', 'a #not', 'x # comment', '-1', '"\\u00e9"', '', 'a #', 'a: ', 'a:  ', 'a#b #', 'x #y # z', 'b: c', 'd:'),
  fc.stringMatching(/^[a-z0-9@/.^~<>=|*: #'"-]{0,12}$/),
);
const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('ms@2.0.0', 'version', 'resolution', "'@types/node@20.0.0'", '"debug@npm:^4.3.4"', 'specifier') },
  fc.constantFrom('express@4.22.3', "'@babel/core@7.0.0(supports-color@8.1.1)'", '"accepts@npm:~1.3.8, accepts@npm:^1.3.5"', '/ms@2.0.0', 'dependencies', '.', 'packages/app', '__metadata', 'a b', 'k', 'a #b', 'a#b', 'a:b'),
  fc.stringMatching(/^[a-z@/.'"-]{1,8}$/),
);
const flow = fc.oneof(
  fc.constantFrom('{}', '[]', '{integrity: sha512-x==}', "{node: '>= 0.6'}", '[darwin, linux]', '{a: {b: c}}', '{a: b,}', '{a: [b, c]}', '{"k": v}'),
  fc.tuple(key, scalar).map(([k, v]) => `{${k}: ${v}}`),
);

type Block = [string, Block | string][];
const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.array(fc.tuple(key, fc.oneof({ depthSize: 'small' }, scalar, flow, tie('block'))), { maxLength: 4 }),
})).block;

function render(entries: Block, indent: number, seq: boolean): string {
  let out = '';
  for (const [k, v] of entries) {
    const pad = ' '.repeat(indent);
    if (typeof v !== 'string') out += `${pad}${k}:\n${render(v, indent + 2, false)}`;
    else if (seq) out += `${pad}- ${v}\n`;
    else out += `${pad}${k}: ${v}\n`;
  }
  return out;
}

const document = fc.tuple(block, fc.boolean(), fc.array(scalar, { maxLength: 3 })).map(([b, blank, items]) => {
  let text = render(b, 0, false);
  if (items.length > 0) text += `list:\n${items.map((i) => `  - ${i}`).join('\n')}\n`;
  return blank ? text.replace(/\n/g, '\n\n') : text;
});

const edited = fc.tuple(document, fc.nat(), fc.constantFrom('', ' ', '\t', ':', '#', '"', "'", '{', '\n', '---\n', '&a ', '*a', '- ')).map(([text, at, insert]) => {
  const i = text.length === 0 ? 0 : at % text.length;
  return insert === '' ? text.slice(0, i) : text.slice(0, i) + insert + text.slice(i);
});

function agrees(text: string): void {
  const fast = scanLockYaml(text);
  if (!fast) return;
  const library = readWithLibrary(text);
  assert.deepEqual(library.errors, [], `the scanner read text the library rejects:\n${text}`);
  assert.deepEqual(fast.root, library.read?.root, `values differ for:\n${text}`);
  assert.deepEqual(fast.keySpans, library.read?.keySpans, `key offsets differ for:\n${text}`);
}

describe('lock YAML scanner agrees with the yaml library', () => {
  it('on lockfile-shaped documents', () => fc.assert(fc.property(document, agrees), { numRuns: RUNS }));
  it('on edited and truncated documents', () => fc.assert(fc.property(edited, agrees), { numRuns: RUNS }));
  it('on arbitrary text, and readLockYaml never throws', () =>
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        agrees(text);
        readLockYaml(text);
      }),
      { numRuns: RUNS },
    ));
  it('most lockfile-shaped documents take the fast path (the test is not vacuous)', () => {
    const samples = fc.sample(document, 200);
    const fast = samples.filter((t) => scanLockYaml(t) !== undefined).length;
    assert.ok(fast > 60, `only ${fast} of 200 took the fast path`);
  });
  it('` #` in a plain flow key starts a comment: the scanner leaves the line to the library, which rejects it', () => {
    const text = 'express@4.22.3: {a #b: 4#.17.21}\n'; // found by the edited documents above
    assert.equal(scanLockYaml(text), undefined);
    assert.notDeepEqual(readWithLibrary(text).errors, []);
    assert.deepEqual(scanLockYaml('x: {a#b: c}\n')?.root, new Map([['x', new Map([['a#b', 'c']])]]));
  });
  it('several documents are an error, not the first one alone', () => {
    const { read, errors } = readLockYaml('a: 1\n---\nb: 2\n');
    assert.equal(read, undefined);
    assert.match(errors[0].message, /2 YAML documents/);
  });
});
