import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Range } from '../../../server/src/service/model';
import { parseNpmLockfile } from '../../../server/src/service/parse/npm/npmLockfile';
import { classifyNpmSpecifier } from '../../../server/src/service/parse/npm/npmSpecifier';
import { parsePackageJson } from '../../../server/src/service/parse/npm/packageJson';

const RUNS = 300;

/** Line lengths as LSP counts them: `\r\n`, `\r` and `\n` all end a line. */
function lineLengths(text: string): number[] {
  return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function assertInside(text: string, range: Range, what: string): void {
  const lengths = lineLengths(text);
  for (const position of [range.start, range.end]) {
    assert.ok(position.line >= 0 && position.line < lengths.length, `${what}: line ${position.line} outside the document`);
    assert.ok(position.character >= 0 && position.character <= (lengths[position.line] ?? 0), `${what}: character ${position.character} outside line ${position.line}`);
  }
  const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
  assert.ok(ordered, `${what}: start after end`);
}

const names = fc.constantFrom('a', 'left-pad', '@scope/pkg', 'my-lodash', 'JSONStream', '', 'bad name', '\u0000', 'é');
const specs = fc.oneof(
  fc.constantFrom('^1.2.3', '1.0.0', 'latest', '*', '', 'npm:lodash@^4', 'user/repo', 'file:../x', 'workspace:*', 'catalog:', '$a', '1.2.3.4'),
  fc.string(),
);
const dependencyValue = fc.oneof({ weight: 4, arbitrary: specs }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
const section = fc.dictionary(names, dependencyValue, { maxKeys: 5 });
const overrides: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, specs, fc.dictionary(fc.oneof(names, fc.constantFrom('.', 'a@^1', '@s/b@2')), tie('node'), { maxKeys: 4 })),
})).node;
const manifest = fc.record(
  {
    name: fc.string(),
    dependencies: section,
    devDependencies: section,
    peerDependencies: section,
    optionalDependencies: section,
    overrides,
    bundleDependencies: fc.oneof(fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
  },
  { requiredKeys: [] },
);
const indent = fc.constantFrom(0, 2, '\t', '\r\n ');

describe('npm parsers: properties', () => {
  it('parsePackageJson never throws on arbitrary text, and every range is inside the document', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const parsed = parsePackageJson(text);
        for (const d of parsed.dependencies) assertInside(text, d.range, `dependency ${d.name}`);
        for (const e of parsed.errors) assertInside(text, e.range, `error ${e.message}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('parsePackageJson never throws on truncated or spliced manifests, and every range is inside the document', () => {
    fc.assert(
      fc.property(manifest, indent, fc.nat(), fc.string({ maxLength: 5 }), (value, space, cut, junk) => {
        const full = JSON.stringify(value, null, typeof space === 'string' && space.startsWith('\r') ? 1 : space).replace(/\n/g, typeof space === 'string' && space.startsWith('\r') ? '\r\n' : '\n');
        const at = cut % (full.length + 1);
        for (const text of [full, full.slice(0, at), full.slice(0, at) + junk + full.slice(at)]) {
          const parsed = parsePackageJson(text);
          for (const d of parsed.dependencies) assertInside(text, d.range, `dependency ${d.name}`);
          for (const e of parsed.errors) assertInside(text, e.range, `error ${e.message}`);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('parsePackageJson reports each string entry of a valid manifest exactly once', () => {
    fc.assert(
      fc.property(fc.dictionary(names, specs, { maxKeys: 6 }), indent, (deps, space) => {
        const text = JSON.stringify({ dependencies: deps }, null, typeof space === 'string' && space.startsWith('\r') ? 1 : space);
        const parsed = parsePackageJson(text);
        assert.deepEqual(parsed.errors, []);
        assert.deepEqual(
          parsed.dependencies.map((d) => [d.name, d.specifier]),
          Object.entries(deps),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('classifyNpmSpecifier never throws and gives non-registry kinds a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), specs, fc.string().map((s) => `npm:${s}`)), (spec) => {
        const result = classifyNpmSpecifier(spec);
        const registry = result.kind === 'exact' || result.kind === 'range' || result.kind === 'tag';
        assert.equal(registry, result.skipReason === undefined, `${spec} → ${result.kind}`);
      }),
      { numRuns: RUNS },
    );
  });

  describe('lockfiles', () => {
    const locations = fc.constantFrom(
      '',
      'node_modules/a',
      'node_modules/@s/b',
      'node_modules/my-alias',
      'node_modules/a/node_modules/c',
      'node_modules/@s',
      'node_modules/',
      'packages/app',
      'packages/app/node_modules/a',
      'packages/app/node_modules/@s/b',
      'packages/app/node_modules/a/node_modules/d',
      'packages/other/node_modules/a',
    );
    const entry = fc.record(
      {
        version: fc.oneof(fc.constantFrom('1.0.0', '2.0.0-beta.1', '1.0', 'npm:lodash@4.17.21', 'git+https://x/y.git'), fc.jsonValue({ maxDepth: 0 })),
        name: fc.oneof(fc.constantFrom('lodash', '@s/real'), fc.jsonValue({ maxDepth: 0 })),
        resolved: fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 0 })),
        integrity: fc.string(),
        link: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 0 })),
        dependencies: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        junk: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    );
    const lockfile = fc.record(
      {
        lockfileVersion: fc.constantFrom(1, 2, 3),
        packages: fc.oneof({ weight: 4, arbitrary: fc.dictionary(locations, fc.oneof({ weight: 5, arbitrary: entry }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) })) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }),
        dependencies: fc.dictionary(fc.constantFrom('a', '@s/b', 'my-alias'), fc.oneof(entry, fc.jsonValue({ maxDepth: 1 }))),
        other: fc.jsonValue({ maxDepth: 3 }),
      },
      { requiredKeys: [] },
    );
    const member = fc.constantFrom(undefined, 'packages/app', './packages/app/', 'packages');

    /** The expected pins, computed straight from the object (a separate, plain reading of the rules). */
    function expected(value: Record<string, unknown>, memberPath: string | undefined): Record<string, string> {
      const memberDir = memberPath?.replace(/^\.\//, '').replace(/\/$/, '');
      const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
      const valid = (v: unknown): v is string => typeof v === 'string' && /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v);
      const out: Record<string, string> = {};
      if (isObject(value['packages'])) {
        const memberOut: Record<string, string> = {};
        for (const [location, raw] of Object.entries(value['packages'])) {
          const segments = location.split('/');
          let folder: string[] | undefined;
          let inMember = false;
          if (segments[0] === 'node_modules') folder = segments.slice(1);
          else if (memberDir && location.startsWith(`${memberDir}/node_modules/`)) {
            folder = location.slice(memberDir.length + 14).split('/');
            inMember = true;
          }
          if (!folder) continue;
          const ok = (folder.length === 1 && folder[0] !== '' && !folder[0]?.startsWith('@')) || (folder.length === 2 && (folder[0] ?? '').startsWith('@') && (folder[0] ?? '').length > 1 && folder[1] !== '');
          if (!ok) continue;
          const key = folder.join('/');
          const target = inMember ? memberOut : out;
          delete target[key];
          if (!isObject(raw) || raw['link'] === true || !valid(raw['version'])) continue;
          target[key] = `${typeof raw['name'] === 'string' ? raw['name'] : key}@${raw['version']}`;
        }
        Object.assign(out, memberOut);
      } else if (isObject(value['dependencies'])) {
        for (const [key, raw] of Object.entries(value['dependencies'])) {
          if (!isObject(raw) || typeof raw['version'] !== 'string') continue;
          const version = raw['version'];
          const alias = /^npm:(@?[^@]+)@(.*)$/.exec(version);
          if (alias && valid(alias[2])) out[key] = `${alias[1]}@${alias[2]}`;
          else if (valid(version)) out[key] = `${key}@${version}`;
        }
      }
      return out;
    }

    function actual(text: string, memberPath: string | undefined): Record<string, string> {
      const parsed = parseNpmLockfile(text, 'package-lock.json', memberPath);
      const out: Record<string, string> = {};
      for (const [key, pin] of parsed.packages) out[key] = `${pin.name}@${pin.version}`;
      return out;
    }

    it('the fast scanner and the tolerant fallback both give the pins JSON.parse implies', () => {
      fc.assert(
        fc.property(lockfile, member, fc.constantFrom(0, 2, '\t'), (value, memberPath, space) => {
          const text = JSON.stringify(value, null, space);
          const want = expected(JSON.parse(text) as Record<string, unknown>, memberPath);
          assert.deepEqual(actual(text, memberPath), want, 'fast path');
          // A trailing comment is not JSON: the scanner gives up and the tolerant parser reads it.
          const slow = parseNpmLockfile(`${text}\n// x`, 'package-lock.json', memberPath);
          assert.equal(slow.errors.length, 1);
          assert.deepEqual(actual(`${text}\n// x`, memberPath), want, 'fallback');
        }),
        { numRuns: RUNS },
      );
    });

    it('pins made on lookup (npmLockPinIndex.ts) are the pins made all at once: each key and absent ones before any iteration, links, errors, then the whole map in order', () => {
      const probes = fc.array(fc.constantFrom('a', '@s/b', 'my-alias', 'c', '@s', '', 'lodash'), { maxLength: 3 });
      fc.assert(
        fc.property(lockfile, member, fc.constantFrom(0, 2), probes, (value, memberPath, space, asked) => {
          const text = JSON.stringify(value, null, space);
          const eager = parseNpmLockfile(text, 'package-lock.json', memberPath, true);
          const lazy = parseNpmLockfile(text, 'package-lock.json', memberPath);
          for (const key of [...asked, ...eager.packages.keys(), ...asked]) {
            assert.deepEqual(lazy.packages.get(key), eager.packages.get(key), key);
            assert.equal(lazy.packages.has(key), eager.packages.has(key), key);
          }
          assert.deepEqual(lazy.links, eager.links);
          assert.deepEqual(lazy.errors, eager.errors);
          assert.deepEqual([...lazy.packages], [...eager.packages]);
        }),
        { numRuns: 1000 },
      );
    });

    it('never throws on truncated, spliced or arbitrary text, and error ranges are inside the document', () => {
      fc.assert(
        fc.property(lockfile, fc.nat(), fc.string({ unit: 'binary', maxLength: 6 }), (value, cut, junk) => {
          const full = JSON.stringify(value, null, 2);
          const at = cut % (full.length + 1);
          for (const text of [full.slice(0, at), full.slice(0, at) + junk + full.slice(at), junk]) {
            const parsed = parseNpmLockfile(text, 'package-lock.json', 'packages/app');
            for (const e of parsed.errors) assertInside(text, e.range, `error ${e.message}`);
            for (const key of ['a', '@s/b', 'my-alias']) parsed.packages.get(key); // pins made on lookup read the text then
          }
        }),
        { numRuns: RUNS },
      );
    });
  });
});
