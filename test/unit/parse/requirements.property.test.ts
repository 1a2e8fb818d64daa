import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ParsedManifest, Position, Range } from '../../../server/src/service/model';
import { parsePep508 } from '../../../server/src/service/parse/python/pep508';
import { parseRequirements } from '../../../server/src/service/parse/python/requirementsTxt';

/** Every range the parse reports: dependencies, problems and includes. */
function allRanges(result: ParsedManifest): Range[] {
  return [...result.dependencies.map((d) => d.range), ...result.errors.map((e) => e.range), ...(result.includes ?? []).map((i) => i.range)];
}

function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

function assertInside(text: string, result: ParsedManifest): void {
  const lengths = lineLengths(text);
  const valid = (p: Position): boolean => Number.isInteger(p.line) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
  for (const r of allRanges(result)) {
    assert.ok(valid(r.start) && valid(r.end), `range ${JSON.stringify(r)} outside ${JSON.stringify(text)}`);
    const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
    assert.ok(ordered, `range ${JSON.stringify(r)} ends before it starts in ${JSON.stringify(text)}`);
  }
}

function textAt(text: string, range: Range): string {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push((m.index ?? 0) + m[0].length);
  return text.slice(starts[range.start.line] + range.start.character, starts[range.end.line] + range.end.character);
}

/** Characters that matter to the grammar, so random text hits the interesting paths often. */
const interesting = fc.constantFrom(
  ...'aZ09_.-=<>!~*+,;:[]()@#\\/ \t\n\r"\'${}eE'.split(''),
  '\r\n',
  '\uFEFF',
  '😀',
  '-r ',
  '-e ',
  '--hash=sha256:',
  '==',
  '>=',
  ' #',
  '\\\n',
  '${HOME}',
  'https://',
  'git+',
  '; python_version < "3"',
);
const noisyText = fc.array(interesting, { maxLength: 80 }).map((parts) => parts.join(''));

const CORPUS = [
  '--index-url https://pypi.org/simple\ncertifi==2024.2.2 \\\n    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f\n    # via requests\n',
  '-r base.txt\r\n-c constraints.txt\r\nDjango>=4.2,<5 ; python_version >= "3.10"  # web\r\n-e git+https://github.com/o/r.git#egg=r\r\n',
  'requests[security, socks] (>=2.8.1, ==2.8.*) ; python_version < "2.7"\npip @ https://github.com/pypa/pip/archive/1.3.1.zip\n./pkg[dev]\n${DIR}/x.whl\n',
];

describe('requirements parsing properties', () => {
  it('never throws on random text, and every range lies inside the document', () => {
    fc.assert(
      fc.property(noisyText, (text) => {
        assertInside(text, parseRequirements(text));
        const pep = parsePep508(text);
        const [start, end] = pep.ok ? [pep.requirement.start, pep.requirement.end] : [pep.start, pep.end];
        assert.ok(start >= 0 && start <= end && end <= text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary unicode', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        assertInside(text, parseRequirements(text));
        parsePep508(text);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on any prefix of a realistic file', () => {
    for (const file of CORPUS) {
      for (let cut = 0; cut <= file.length; cut++) {
        const text = file.slice(0, cut);
        assertInside(text, parseRequirements(text));
      }
    }
  });

  const identifier = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,10}[A-Za-z0-9])?$/);
  const version = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30)).map(([a, b, c]) => `${a}.${b}.${c}`);
  const clause = fc.tuple(fc.constantFrom('==', '>=', '<=', '!=', '<', '>', '~='), fc.constantFrom('', ' '), version).map(([op, ws, v]) => `${op}${ws}${v}`);
  const requirementText = fc.record({
    name: identifier,
    extras: fc.array(identifier, { maxLength: 3 }),
    clauses: fc.array(clause, { maxLength: 3 }),
    parenthesised: fc.boolean(),
    gap: fc.constantFrom('', ' ', '\t'),
  });
  const trailer = fc.constantFrom('', ' ; python_version >= "3.8"', '  # comment', ' --hash=sha256:' + 'a'.repeat(64), '\t; os_name == "nt" # c');

  it('gives a well-formed requirement exactly the range of its name through its specifier', () => {
    fc.assert(
      fc.property(requirementText, trailer, fc.constantFrom('\n', '\r\n'), fc.nat(3), (req, tail, eol, blankLines) => {
        const extras = req.extras.length > 0 ? `[${req.extras.join(',')}]` : '';
        const spec = req.clauses.join(', ');
        const specText = spec === '' ? '' : req.parenthesised ? `${req.gap}(${spec})` : `${req.gap}${spec}`;
        const entry = `${req.name}${extras}${specText}`;
        const text = `${eol.repeat(blankLines)}  ${entry}${tail}${eol}`;
        const result = parseRequirements(text);
        assert.equal(result.dependencies.length, 1, JSON.stringify({ text, errors: result.errors }));
        const dep = result.dependencies[0];
        assert.equal(textAt(text, dep.range), entry);
        assert.equal(dep.range.start.line, blankLines);
        assert.equal(dep.specifier, spec);
        assert.deepEqual(dep.extras ?? [], req.extras);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the same reading when a requirement is split with backslash continuations', () => {
    fc.assert(
      fc.property(requirementText, fc.nat(), (req, seed) => {
        const spec = req.clauses.join(' , ');
        const line = `${req.name} ${spec}`.trimEnd();
        const spaces = [...line].flatMap((c, i) => (c === ' ' ? [i] : []));
        // Replace one space with "space, backslash, newline, indent": pip reads the same requirement.
        const at = spaces[seed % spaces.length];
        const split = spaces.length === 0 ? line : `${line.slice(0, at)} \\\n   ${line.slice(at + 1)}`;
        const whole = parseRequirements(line).dependencies;
        const pieces = parseRequirements(split).dependencies;
        assert.deepEqual(
          pieces.map((d) => [d.normalizedName, d.constraint, d.kind]),
          whole.map((d) => [d.normalizedName, d.constraint, d.kind]),
        );
        if (pieces.length === 1) assert.equal(textAt(split, pieces[0].range).replace(' \\\n   ', ' '), line);
      }),
      { numRuns: 300 },
    );
  });
});
