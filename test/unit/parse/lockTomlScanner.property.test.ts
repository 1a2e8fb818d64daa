/**
 * The Python lockfiles' TOML scanner (python/lockTomlScanner.ts) must never read a file differently
 * from smol-toml: whenever it returns values, smol-toml accepts the text and its values, restricted to
 * the keys the readers use (`LOCKFILE_KEYS`), are equal; and the pins and the tree read through the
 * scanner equal those read through smol-toml. Inputs: uv.lock, poetry.lock and pylock.toml documents
 * built from the pieces their tools write (and some they do not), the same with random edits
 * (truncation, inserted and deleted characters, repeated and swapped lines), the real uv.lock and
 * poetry.lock fixtures, then arbitrary text.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { LOCKFILE_KEYS, lockTomlReader, type PyTomlLockKind } from '../../../server/src/service/parse/python/lockfileValues';
import { scanLockToml, type KeepSchema } from '../../../server/src/service/parse/python/lockTomlScanner';
import { parsePoetryLock } from '../../../server/src/service/parse/python/poetryLock';
import { pythonLockTree } from '../../../server/src/service/parse/python/pyLockTree';
import { parsePylock } from '../../../server/src/service/parse/python/pylock';
import { parseUvLock } from '../../../server/src/service/parse/python/uvLock';

const RUNS = 300;
const KINDS: PyTomlLockKind[] = ['uv.lock', 'poetry.lock', 'pylock.toml'];
const PINS = { 'uv.lock': parseUvLock, 'poetry.lock': parsePoetryLock, 'pylock.toml': parsePylock };

const hex = (c: string) => c.repeat(64);
const name = fc.constantFrom('a', 'b', 'Django', 'zope.interface', 'typing_extensions', 'pkg-1', 'c--d', '');
const version = fc.constantFrom('1.0', '2.0.0', '1.26.4', '0.1.0b1', '', '1.0 ');
const text = fc.constantFrom('x', 'https://files.pythonhosted.org/a-1.0.tar.gz', 'sys_platform == \\"win32\\"', "python_version < '3.8'", 'caf\\u00e9', 'tab\\tnew\\nline', 'é', '\\x41', 'a\\\\b');
const str = fc.oneof(text.map((t) => `"${t}"`), fc.constantFrom("'lit\\eral'", "''", '""'));
const hash = fc.constantFrom(`sha256:${hex('a')}`, `sha256:${hex('B')}`, `md5:${'0'.repeat(32)}`, hex('c'), `sha256:${hex('d')} `, 'sha256:xyz');
/** Mostly what lockfiles write; some TOML the scanner leaves to smol-toml (floats, other integer forms, local dates). */
const scalar = fc.oneof(
  { weight: 40, arbitrary: fc.oneof(str, fc.constantFrom('1', '0', '-3', '123456', 'true', 'false', '2024-05-01T10:00:00Z', '2025-01-25T11:30:10.123+02:00', '2025-02-30T23:59:59-11:30')) },
  { weight: 1, arbitrary: fc.constantFrom('1.5', '0x1F', '1_000', '2024-05-01', '+1', 'inf', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z', '2025-01-25T11:30:10', '2025-01-25T11:30Z', '2025-01-25t11:30:10z', '2025-01-25 11:30:10Z', '2025-01-25T11:30:10.Z', '2025-01-25T11:30:10+24:00') },
);
const space = fc.constantFrom(' ', '', '  ', '\t');
const comment = fc.constantFrom('', '', '', '  # a comment', ' #');

/** An inline table of some of `keys` (with values from `value`) and other keys, maybe across lines. */
const inline = (pairs: fc.Arbitrary<[string, string]>) =>
  fc.tuple(fc.uniqueArray(fc.oneof(pairs, fc.tuple(fc.constantFrom('url', 'size', 'upload-time', 'marker', '"quoted"', "'lit'"), scalar)), { maxLength: 4, selector: ([k]) => k }), space, fc.boolean()).map(
    ([kv, sp, trailing]) => `{${sp}${kv.map(([k, v]) => `${k}${sp}=${sp}${v}`).join(`,${sp}`)}${trailing && kv.length > 0 ? ',' : ''}${sp}}`,
  );
const array = (item: fc.Arbitrary<string>) =>
  fc.tuple(fc.array(item, { maxLength: 3 }), fc.boolean(), fc.boolean()).map(([items, multi, trailing]) =>
    multi ? `[\n${items.map((i) => `    ${i},`).join('\n')}\n]` : `[${items.join(', ')}${trailing && items.length > 0 ? ',' : ''}]`,
  );
const line = (key: string, value: fc.Arbitrary<string>) => fc.tuple(value, space, comment).map(([v, sp, c]) => `${key}${sp}=${sp}${v}${c}`);
const maybe = (piece: fc.Arbitrary<string>) => fc.option(piece, { nil: '' });
const lines = (...pieces: fc.Arbitrary<string>[]) => fc.tuple(...pieces).map((parts) => parts.filter((p) => p !== '').join('\n'));

const reference = inline(fc.tuple(fc.constantFrom('name', 'version', 'source', 'marker'), fc.oneof(name.map((n) => `"${n}"`), version.map((v) => `"${v}"`), str)));

const uvPackage = lines(
  fc.constant('[[package]]'),
  maybe(line('name', name.map((n) => `"${n}"`))),
  maybe(line('version', version.map((v) => `"${v}"`))),
  maybe(line('source', fc.constantFrom('{ registry = "https://pypi.org/simple" }', '{ editable = "." }', '{ virtual = "packages/b" }', '{ git = "https://g/x?rev=1#abc" }', '{ path = "x.whl" }', '{ url = "https://x/y.tar.gz" }', '{}'))),
  maybe(line('dependencies', array(reference))),
  maybe(line('sdist', inline(fc.tuple(fc.constant('hash'), hash.map((h) => `"${h}"`))))),
  maybe(line('wheels', array(inline(fc.tuple(fc.constant('hash'), hash.map((h) => `"${h}"`)))))),
  maybe(lines(fc.constant('\n[package.optional-dependencies]'), line('socks', array(reference)))),
  maybe(lines(fc.constant('\n[package.dev-dependencies]'), line('dev', array(reference)), maybe(line('"lint"', array(reference))))),
  maybe(lines(fc.constant('\n[package.metadata]'), line('requires-dist', array(reference)), maybe(fc.constant('\n[package.metadata.requires-dev]\ndev = [{ name = "pytest", specifier = ">=8" }]')))),
);
const uvLock = lines(
  maybe(line('version', fc.constantFrom('1', '1', '1', '2', '"1"', '1.0'))),
  maybe(line('revision', fc.constantFrom('2', '3'))),
  maybe(line('requires-python', str)),
  maybe(fc.constant('resolution-markers = [\n    "python_full_version >= \'3.12\'",\n]')),
  maybe(fc.constant('\n[manifest]\nmembers = ["a", "b"]')),
  fc.array(uvPackage, { maxLength: 4 }).map((p) => p.map((x) => `\n${x}`).join('\n')),
  maybe(fc.constant('\n[options]\nexclude-newer = 2024-05-01T00:00:00Z')),
);

const poetrySpec = fc.oneof(str, inline(fc.tuple(fc.constantFrom('version', 'markers', 'optional', 'extras'), fc.oneof(version.map((v) => `">=${v}"`), scalar))));
const poetryPackage = lines(
  fc.constant('[[package]]'),
  maybe(line('name', name.map((n) => `"${n}"`))),
  maybe(line('version', version.map((v) => `"${v}"`))),
  maybe(line('description', str)),
  maybe(line('optional', fc.constantFrom('false', 'true'))),
  maybe(line('groups', array(fc.constantFrom('"main"', '"dev"', '"docs"')))),
  maybe(line('category', fc.constantFrom('"main"', '"dev"'))),
  maybe(line('files', array(inline(fc.tuple(fc.constantFrom('hash', 'file'), hash.map((h) => `"${h}"`)))))),
  maybe(
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'django', '"zope.interface"', 'Typing_Extensions', "'lit'"), fc.oneof(poetrySpec, array(poetrySpec))), { maxLength: 3 })
      .map((deps) => `\n[package.dependencies]\n${deps.map(([k, v]) => `${k} = ${v}`).join('\n')}`),
  ),
  maybe(fc.constant('\n[package.extras]\ntest = ["pytest (>=7)"]')),
  maybe(fc.constantFrom('\n[package.source]\ntype = "git"\nurl = "https://g/x"\nreference = "main"', '\n[package.source]\ntype = "legacy"\nurl = "https://corp/simple"', '\n[package.source]\ntype = "directory"\nurl = "../x"')),
);
const poetryLock = lines(
  maybe(fc.constant('# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.')),
  fc.array(poetryPackage, { maxLength: 4 }).map((p) => p.map((x) => `\n${x}`).join('\n')),
  maybe(lines(fc.constant('\n[metadata]'), line('lock-version', fc.constantFrom('"2.1"', '"1.1"', '"3.0"', '2')), maybe(line('content-hash', str)))),
  maybe(
    fc
      .array(fc.tuple(fc.constantFrom('a', 'B', 'django', '"zope.interface"'), array(inline(fc.tuple(fc.constantFrom('hash', 'file'), hash.map((h) => `"${h}"`))))), { maxLength: 3 })
      .map((files) => `\n[metadata.files]\n${files.map(([k, v]) => `${k} = ${v}`).join('\n')}`),
  ),
);

const digests = inline(fc.tuple(fc.constantFrom('sha256', 'sha512'), fc.constantFrom(`"${hex('a')}"`, `"${hex('F')}"`, '"zz"', '1')));
const pylockFile = inline(fc.tuple(fc.constantFrom('hashes', 'name'), fc.oneof(digests, str)));
const pylockPackage = lines(
  fc.constant('[[packages]]'),
  maybe(line('name', name.map((n) => `"${n}"`))),
  maybe(line('version', version.map((v) => `"${v}"`))),
  maybe(line('index', str)),
  maybe(line('sdist', pylockFile)),
  maybe(line('wheels', array(pylockFile))),
  maybe(fc.constantFrom('vcs', 'directory', 'archive').chain((key) => line(key, fc.constantFrom('{type = "git", url = "https://g/x", commit-id = "abc"}', '{path = "."}')))),
  maybe(fc.constant('\n[[packages.wheels]]\nname = "x.whl"\nhashes = {sha256 = "' + hex('e') + '"}')),
  maybe(fc.constant('\n[packages.tool.x]\nk = 1')),
);
const pylock = lines(
  maybe(line('lock-version', fc.constantFrom('"1.0"', '"2.0"', '1'))),
  maybe(line('created-by', str)),
  maybe(line('environments', array(str))),
  fc.array(pylockPackage, { maxLength: 4 }).map((p) => p.map((x) => `\n${x}`).join('\n')),
);

const DOCUMENTS: Record<PyTomlLockKind, fc.Arbitrary<string>> = { 'uv.lock': uvLock, 'poetry.lock': poetryLock, 'pylock.toml': pylock };

const INSERTS = ['', ' ', '\t', '\n', '"', "'", '\\', '[', ']', '[[', '{', '}', ',', '=', '#', '.', '0', 'x', 'T', '-', ':', '\x01', '\r\n', '"""', '__proto__ = 1\n'];
/** Truncation, an inserted or deleted character, a repeated line (a repeated key or table), or two lines swapped. */
const edited = (document: fc.Arbitrary<string>) =>
  fc.tuple(document, fc.nat(), fc.nat(), fc.constantFrom(...INSERTS), fc.constantFrom('truncate', 'insert', 'delete', 'repeat', 'swap')).map(([doc, a, b, insert, how]) => {
    const i = doc.length === 0 ? 0 : a % doc.length;
    if (how === 'truncate') return doc.slice(0, i);
    if (how === 'insert') return doc.slice(0, i) + insert + doc.slice(i);
    if (how === 'delete') return doc.slice(0, i) + doc.slice(i + 1);
    const rows = doc.split('\n');
    const [x, y] = [a % rows.length, b % rows.length];
    if (how === 'repeat') rows.splice(y, 0, rows[x]);
    else [rows[x], rows[y]] = [rows[y], rows[x]];
    return rows.join('\n');
  });

/** smol-toml's values restricted to the schema's keys, as plain JSON-like data. */
function restrict(value: unknown, schema: KeepSchema): unknown {
  if (Array.isArray(value)) return value.map((v) => restrict(v, schema));
  if (schema === true || typeof value !== 'object' || value === null || value instanceof Date) return plain(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const child = Object.hasOwn(schema, k) ? schema[k] : schema['*'];
    if (child !== undefined) out[k] = restrict(v, child);
  }
  return out;
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Prototype-free comparison: smol-toml's tables have no prototype, the scanner's are plain objects. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

/** Pins, problems and the tree as data (tree nodes make their range and key when first read). */
function readLockfile(kind: PyTomlLockKind, text: string): unknown {
  const pins = PINS[kind](text);
  return { pins, ...treeView(pythonLockTree(kind, text)) };
}

function treeView({ tree, errors }: ReturnType<typeof pythonLockTree>): { tree: unknown; errors: unknown } {
  // Every field a node holds (so a field added later is compared too), without the builder's shared
  // offset-to-position converter and the getters' caches, plus what the getters answer.
  const nodes = tree.nodes.map((n) => ({ ...Object.fromEntries(Object.entries(n).filter(([k]) => k !== 'ranges' && !k.startsWith('cached'))), key: n.key, range: n.range, deps: [...n.deps] }));
  return { tree: { ...tree, nodes }, errors };
}

const giveUp: typeof scanLockToml = () => undefined;

/** Pins and tree through the reference path (smol-toml only). */
function throughSmolToml(kind: PyTomlLockKind, text: string): unknown {
  const scan = lockTomlReader.scan;
  lockTomlReader.scan = giveUp;
  try {
    return readLockfile(kind, text);
  } finally {
    lockTomlReader.scan = scan;
  }
}

function agrees(kind: PyTomlLockKind, text: string): void {
  const fast = scanLockToml(text, LOCKFILE_KEYS[kind]);
  if (fast !== undefined) {
    let library: unknown;
    assert.doesNotThrow(() => (library = parse(text)), `the scanner read text smol-toml rejects:\n${text}`);
    assert.deepEqual(plain(fast), restrict(library, LOCKFILE_KEYS[kind]), `values differ for:\n${text}`);
  }
  assert.deepEqual(readLockfile(kind, text), throughSmolToml(kind, text), `pins or tree differ for:\n${text}`);
}

describe('Python lockfile TOML scanner agrees with smol-toml (values, pins and tree)', () => {
  for (const kind of KINDS) {
    it(`${kind}: on generated documents`, () => fc.assert(fc.property(DOCUMENTS[kind], (text) => agrees(kind, text)), { numRuns: RUNS }));
    it(`${kind}: on edited and truncated documents`, () => fc.assert(fc.property(edited(DOCUMENTS[kind]), (text) => agrees(kind, text)), { numRuns: RUNS }));
    it(`${kind}: most generated documents smol-toml reads take the fast path (the test is not vacuous)`, () => {
      const valid = fc.sample(DOCUMENTS[kind], 300).filter((t) => {
        try {
          return parse(t) !== undefined;
        } catch {
          return false;
        }
      });
      const fast = valid.filter((t) => scanLockToml(t, LOCKFILE_KEYS[kind]) !== undefined).length;
      assert.ok(valid.length > 50 && fast > 0.5 * valid.length, `${fast} of ${valid.length} valid documents took the fast path`);
    });
  }

  // The readers take the packages from the scanner one at a time (`TableStream`), not from the document.
  for (const kind of KINDS) {
    it(`${kind}: a scan that hands the packages over one at a time reads what the scan into one document reads`, () =>
      fc.assert(
        fc.property(fc.oneof(DOCUMENTS[kind], edited(DOCUMENTS[kind])), (text) => {
          const key = kind === 'pylock.toml' ? 'packages' : 'package';
          const whole = scanLockToml(text, LOCKFILE_KEYS[kind]);
          const handed: unknown[] = [];
          const streamed = scanLockToml(text, LOCKFILE_KEYS[kind], {
            key,
            each: (element, index, root) => {
              assert.equal(index, handed.length);
              // The root's own key/values are all read by the first package.
              if (whole !== undefined) assert.deepEqual(Object.keys(root).filter((k) => k !== key && !isObject(whole[k])), Object.keys(whole).filter((k) => k !== key && !isObject(whole[k])));
              handed.push(element);
            },
          });
          assert.equal(streamed === undefined, whole === undefined, `one scan gave up, the other did not:\n${text}`);
          if (whole === undefined || streamed === undefined) return;
          // The packages: handed over (headers), or in the document (an inline array).
          const packages = (doc: Record<string, unknown>) => (Array.isArray(doc[key]) ? (doc[key] as unknown[]) : []);
          assert.deepEqual([...handed, ...packages(streamed)], packages(whole), `different packages for:\n${text}`);
          const rest = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([k, v]) => !(k === key && Array.isArray(v))));
          assert.deepEqual(rest(streamed), rest(whole), `different values for:\n${text}`);
        }),
        { numRuns: RUNS },
      ));
  }

  // The pins read builds the tree too and hands it to the tree step (python/pyLockRead.ts): the tree
  // read alone, without a pins read before it, must be the same.
  for (const kind of KINDS) {
    it(`${kind}: the tree read alone equals the tree the pins read handed over`, () =>
      fc.assert(
        fc.property(fc.oneof(DOCUMENTS[kind], edited(DOCUMENTS[kind])), (text) => {
          const handedOver = readLockfile(kind, text);
          const alone = { pins: (handedOver as { pins: unknown }).pins, ...treeView(pythonLockTree(kind, text)) };
          assert.deepEqual(alone, handedOver, `the tree alone differs for:\n${text}`);
        }),
        { numRuns: RUNS },
      ));
  }

  it('on the real uv.lock and poetry.lock fixtures, which take the fast path', () => {
    const fixture = (file: string) => fs.readFileSync(path.join(__dirname, '../../fixtures', file), 'utf8');
    const fixtures: [PyTomlLockKind, string][] = [
      ['uv.lock', fixture('tree/uv-app/uv.lock')],
      ['poetry.lock', fixture('lockfiles/poetry-1.3/poetry.lock')],
    ];
    for (const [kind, text] of fixtures) {
      assert.notEqual(scanLockToml(text, LOCKFILE_KEYS[kind]), undefined, `${kind} left the fast path`);
      agrees(kind, text);
    }
  });

  it('on arbitrary text, never throwing', () =>
    fc.assert(
      fc.property(fc.constantFrom(...KINDS), fc.string({ maxLength: 200 }), (kind, text) => agrees(kind, text)),
      { numRuns: RUNS },
    ));
});
