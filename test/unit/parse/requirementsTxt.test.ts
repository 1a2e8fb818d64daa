import assert from 'node:assert/strict';
import type { Dependency, ParsedManifest, Position, Range } from '../../../server/src/service/model';
import { parseRequirements, type RequirementsParseOptions } from '../../../server/src/service/parse/python/requirementsTxt';
import { closesIncludeCycle, findIncludeCycle, resolveIncludePath } from '../../../server/src/service/parse/python/requirementsIncludes';
import { marked } from '../../helpers/marked';

function parse(source: string, opts?: RequirementsParseOptions): { result: ParsedManifest; ranges: Range[]; text: string } {
  const { text, ranges } = marked(source);
  return { result: parseRequirements(text, opts), ranges, text };
}

/** The parse must be clean: no problems at all. */
function clean(source: string, opts?: RequirementsParseOptions) {
  const parsed = parse(source, opts);
  assert.deepEqual(parsed.result.errors, []);
  return parsed;
}

function only(result: ParsedManifest): Dependency {
  assert.equal(result.dependencies.length, 1, JSON.stringify(result.dependencies));
  return result.dependencies[0];
}

function summary(d: Dependency) {
  return { name: d.name, normalizedName: d.normalizedName, specifier: d.specifier, kind: d.kind, constraint: d.constraint };
}

describe('parseRequirements', () => {
  describe('requirements', () => {
    it('reads names, specifiers, extras and markers with their exact ranges', () => {
      const { result, ranges } = clean(
        [
          '«requests»',
          '«Flask_SQLAlchemy>=3.0,<4»',
          '  «uvicorn[standard] == 0.30.1»   ; python_version >= "3.9"',
          '«name (>=1, <2)»',
          '«Django==4.2.*»',
          '«pkg===1.0-weird»',
        ].join('\n'),
      );
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.deepEqual(result.dependencies.map(summary), [
        { name: 'requests', normalizedName: 'requests', specifier: '', kind: 'range', constraint: '' },
        { name: 'Flask_SQLAlchemy', normalizedName: 'flask-sqlalchemy', specifier: '>=3.0,<4', kind: 'range', constraint: '>=3.0,<4' },
        { name: 'uvicorn', normalizedName: 'uvicorn', specifier: '== 0.30.1', kind: 'exact', constraint: '0.30.1' },
        { name: 'name', normalizedName: 'name', specifier: '>=1, <2', kind: 'range', constraint: '>=1,<2' },
        { name: 'Django', normalizedName: 'django', specifier: '==4.2.*', kind: 'range', constraint: '==4.2.*' },
        { name: 'pkg', normalizedName: 'pkg', specifier: '===1.0-weird', kind: 'exact', constraint: '1.0-weird' },
      ]);
      const uvicorn = result.dependencies[2];
      assert.deepEqual(uvicorn.extras, ['standard']);
      assert.equal(uvicorn.markers, 'python_version >= "3.9"');
      assert.equal(uvicorn.section, 'requirements');
      assert.equal(uvicorn.registry, 'pypi');
      assert.equal(result.kind, 'requirements.txt');
    });

    it('reads a PEP 508 URL requirement as kind url, ranging to the end of the URL', () => {
      const { result, ranges } = clean('«pip @ https://github.com/pypa/pip/archive/22.0.zip» ; python_version > "3"\n«lib @ git+https://g.example/lib@v1»');
      const [pip, lib] = result.dependencies;
      assert.deepEqual([pip.range, lib.range], ranges);
      assert.deepEqual(summary(pip), { name: 'pip', normalizedName: 'pip', specifier: 'https://github.com/pypa/pip/archive/22.0.zip', kind: 'url', constraint: '' });
      assert.equal(pip.markers, 'python_version > "3"');
      assert.ok(pip.skipReason?.includes('direct URL'));
      assert.equal(lib.kind, 'git');
      assert.ok(lib.skipReason?.includes('git'));
    });

    it('reports an invalid version as kind invalid and as an error on the specifier', () => {
      const { result, ranges } = parse('«foo»«>=banana»\n«~=1»');
      const dep = only(result);
      assert.equal(dep.kind, 'invalid');
      assert.deepEqual(dep.range, { start: ranges[0].start, end: ranges[1].end });
      assert.ok(dep.skipReason?.includes('not a valid PEP 440'));
      // `~=1` alone has no name at all, so it is an error and not a dependency.
      assert.deepEqual(
        result.errors.map((e) => [e.severity, e.range]),
        [
          ['error', ranges[1]],
          ['error', ranges[2]],
        ],
      );
    });
  });

  describe('comments', () => {
    it('needs whitespace before # except at the start of a line', () => {
      const { result, ranges } = clean(
        [
          '# a comment',
          '   # an indented comment',
          '«requests==2.31.0» # pinned',
          '«six»\t#tab before',
          '«lib @ https://example.com/lib-1.0.tar.gz#sha256=abc»',
        ].join('\n'),
      );
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.equal(result.dependencies[2].specifier, 'https://example.com/lib-1.0.tar.gz#sha256=abc');
    });

    it('treats # glued to a requirement as part of it (pip does the same and fails)', () => {
      const { result, ranges } = parse('requests«#oops»');
      assert.equal(result.dependencies.length, 0);
      assert.deepEqual(
        result.errors.map((e) => e.range),
        ranges,
      );
    });
  });

  describe('line continuations', () => {
    it('keeps the real range of a requirement across lines', () => {
      const { result, ranges } = clean('«flask\\\n>=2.0» \\\n  ; python_version > "3"\n«click»');
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.equal(result.dependencies[0].specifier, '>=2.0');
      assert.equal(result.dependencies[0].markers, 'python_version > "3"');
    });

    it('reads pip-compile style hashes on continuation lines', () => {
      const { result, ranges } = clean(
        [
          '«certifi==2024.2.2» \\',
          '    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \\',
          '    --hash sha256:DC383C07B76109F368F6106EEE2B593B04A011EA4D55F652C02C5E76B6C7A3D8',
          '    # via requests',
        ].join('\n'),
      );
      const dep = only(result);
      assert.deepEqual(dep.range, ranges[0]);
      assert.deepEqual(dep.hashes, [
        '0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f',
        'dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c02c5e76b6c7a3d8',
      ]);
    });

    it('lets a comment line end a continued requirement', () => {
      const { result, ranges } = clean('«six==1.16.0» \\\n# a comment\n«idna»');
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
    });

    it('follows pip when a backslash ends a trailing comment: the next line joins the comment', () => {
      const { result, ranges } = clean('«six» # note \\\nswallowed==1\n«idna»');
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
    });

    it('accepts a backslash on the last line', () => {
      const { result, ranges } = clean('«six»\\');
      assert.deepEqual(only(result).range, ranges[0]);
    });
  });

  describe('environment variables', () => {
    it('never expands ${VAR}: an index URL keeps it as written, a version that needs one is unresolved, naming it', () => {
      const { result, ranges } = parse(
        '--index-url https://${USER}:${TOKEN}@pypi.example.com/simple\n«pkg==${VER}»\n«other[x]>=1» ; python_version > "${PY}"\n«url @ https://h.example/${TOKEN}/url-1.0.whl»',
      );
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.indexUrls, ['https://${USER}:${TOKEN}@pypi.example.com/simple']);
      const [pkg, other, url] = result.dependencies;
      assert.deepEqual(
        { range: pkg.range, specifier: pkg.specifier, kind: pkg.kind, env: pkg.envVariables, index: pkg.indexUrl, expands: pkg.indexUrlExpandsEnv },
        { range: ranges[0], specifier: '==${VER}', kind: 'range', env: ['VER'], index: 'https://${USER}:${TOKEN}@pypi.example.com/simple', expands: true },
      );
      // A variable in the markers only does not touch the version: checked as usual, markers as written.
      assert.deepEqual({ range: other.range, constraint: other.constraint, env: other.envVariables, markers: other.markers, extras: other.extras }, { range: ranges[1], constraint: '>=1', env: undefined, markers: 'python_version > "${PY}"', extras: ['x'] });
      assert.deepEqual({ range: url.range, specifier: url.specifier, kind: url.kind }, { range: ranges[2], specifier: 'https://h.example/${TOKEN}/url-1.0.whl', kind: 'url' });
    });

    it('does not follow an include whose path needs a variable, and does not check a name that needs one', () => {
      const { result, ranges } = parse('-r «${DIR}/base.txt»\n«${PKG}==1.0»\n«ok» # ${IN_A_COMMENT} is never read');
      assert.deepEqual(result.includes, []);
      assert.deepEqual(
        result.dependencies.map((d) => d.name),
        ['ok'],
      );
      assert.deepEqual(
        result.errors.map((e) => ({ severity: e.severity, range: e.range, mentions: e.message.includes('${DIR}') || e.message.includes('${PKG}') })),
        [
          { severity: 'warning', range: ranges[0], mentions: true },
          { severity: 'warning', range: ranges[1], mentions: true },
        ],
      );
      assert.deepEqual(only(result).range, ranges[2]);
    });

    it('leaves lower-case and $VAR forms alone, as pip does', () => {
      const { result } = clean('--index-url https://h.example/${lower}/$HOME');
      assert.deepEqual(result.indexUrls, ['https://h.example/${lower}/$HOME']);
    });
  });

  describe('includes', () => {
    it('lists -r and -c files with the range of the path, in every spelling', () => {
      const { result, ranges } = clean(
        ['-r «base.txt»', '--requirement=«dev.txt»', '--requirement «a b.txt»', '-r«glued.txt»', '-c «constraints.txt»', '--constraint «../c2.txt»'].join('\n').replace('«a b.txt»', '«"a b.txt"»'),
      );
      assert.deepEqual(result.includes, [
        { kind: 'requirement', path: 'base.txt', range: ranges[0] },
        { kind: 'requirement', path: 'dev.txt', range: ranges[1] },
        { kind: 'requirement', path: 'a b.txt', range: ranges[2] },
        { kind: 'requirement', path: 'glued.txt', range: ranges[3] },
        { kind: 'constraint', path: 'constraints.txt', range: ranges[4] },
        { kind: 'constraint', path: '../c2.txt', range: ranges[5] },
      ]);
      assert.deepEqual(result.dependencies, []);
    });

    it('counts ranges in UTF-16 code units', () => {
      const { result, ranges } = clean('-r «dir/😀.txt»');
      assert.deepEqual(result.includes?.[0].range, ranges[0]);
      assert.equal(ranges[0].end.character, 13);
    });
  });

  describe('global options', () => {
    it('accepts every pip option without a warning and remembers indexes and --pre', () => {
      const { result } = clean(
        [
          '-i https://primary.example/simple',
          '--extra-index-url https://extra1.example/simple',
          '--extra-index https://extra2.example/simple',
          '--pre',
          '--no-index',
          '-f ./wheels',
          '--find-links=https://example.com/links',
          '--no-binary :all:',
          '--only-binary=numpy',
          '--prefer-binary',
          '--require-hashes',
          '--trusted-host internal.example',
          '--use-feature=truststore',
          'requests',
        ].join('\r\n'),
      );
      assert.deepEqual(result.indexUrls, ['https://primary.example/simple', 'https://extra1.example/simple', 'https://extra2.example/simple']);
      assert.equal(result.allowPrereleases, true);
      assert.equal(only(result).indexUrl, 'https://primary.example/simple');
    });

    it('has no index URLs or pre-releases by default', () => {
      const { result } = clean('requests');
      assert.deepEqual(result.indexUrls, []);
      assert.equal(result.allowPrereleases, false);
      assert.deepEqual(result.includes, []);
      assert.equal(only(result).indexUrl, undefined);
    });

    it('warns about unknown options, options that need a value, and a second --index-url', () => {
      const { result, ranges } = parse('«--frobnicate»\n«-x» «foo»\n«--index-url»\n-i https://a.example\n«-i https://b.example»\n«requests»');
      assert.deepEqual(
        result.errors.map((e) => [e.severity, e.range]),
        [
          ['warning', ranges[0]],
          ['warning', ranges[1]],
          ['warning', ranges[2]],
          ['error', ranges[3]],
          ['warning', ranges[4]],
        ],
      );
      assert.deepEqual(result.indexUrls, ['https://b.example']);
      assert.deepEqual(only(result).range, ranges[5]);
    });

    it('warns that pip ignores file-wide options after a requirement', () => {
      const { result, ranges } = parse('«numpy» «--pre»');
      assert.deepEqual(only(result).range, ranges[0]);
      assert.deepEqual(
        result.errors.map((e) => e.range),
        [ranges[1]],
      );
      assert.equal(result.allowPrereleases, false);
    });
  });

  describe('per-requirement options', () => {
    it('keeps sha256 hashes in lower case and ignores other strong algorithms', () => {
      const { result } = clean(
        'pkg==1 --hash=sha384:aaaa --hash=sha512:bbbb --hash=SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA --config-settings=k=v --global-option=--x',
      );
      assert.deepEqual(only(result).hashes, ['a'.repeat(64)]);
    });

    it('warns about hashes pip would refuse', () => {
      const { result, ranges } = parse('pkg==1 --hash=«md5:abc» --hash=«sha256:xyz» --hash=«nocolon»\n«--hash=sha256:abc»');
      assert.deepEqual(
        result.errors.map((e) => [e.severity, e.range]),
        ranges.map((r) => ['warning', r]),
      );
      assert.equal(only(result).hashes, undefined);
    });

    it('warns about --install-option, which pip removed', () => {
      const { result, ranges } = parse('pkg «--install-option=--prefix=/x»');
      assert.deepEqual(
        result.errors.map((e) => e.range),
        ranges,
      );
      assert.equal(result.dependencies.length, 1);
    });
  });

  describe('requirements not from an index', () => {
    it('skips editable installs, naming them from #egg= when possible', () => {
      const { result, ranges } = clean('-e «.»\n--editable=«git+https://github.com/org/repo.git@main#egg=My_Repo»\n-e «./libs/core[dev]» --config-settings editable_mode=compat');
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.deepEqual(result.dependencies.map(summary), [
        { name: '.', normalizedName: '.', specifier: '.', kind: 'path', constraint: '' },
        { name: 'My_Repo', normalizedName: 'my-repo', specifier: 'git+https://github.com/org/repo.git@main#egg=My_Repo', kind: 'git', constraint: '' },
        { name: './libs/core', normalizedName: './libs/core', specifier: './libs/core', kind: 'path', constraint: '' },
      ]);
      for (const d of result.dependencies) assert.ok(d.skipReason?.startsWith('editable install'), d.skipReason);
      assert.deepEqual(result.dependencies[2].extras, ['dev']);
    });

    it('skips bare paths and archives, naming wheels and sdists from their file names', () => {
      const { result, ranges } = clean(
        ['«.»', '«./pkg»', '«../sibling[extra1,extra2]» ; python_version > "3"', '«dist/my_pkg-1.0-py3-none-any.whl»', '«Some.Project-2.1.0.tar.gz»', '«C:\\wheels\\x.zip»'].join('\n'),
      );
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.deepEqual(
        result.dependencies.map((d) => [d.name, d.normalizedName, d.kind]),
        [
          ['.', '.', 'path'],
          ['./pkg', './pkg', 'path'],
          ['../sibling', '../sibling', 'path'],
          ['my_pkg', 'my-pkg', 'path'],
          ['Some.Project', 'some-project', 'path'],
          ['C:\\wheels\\x.zip', 'C:\\wheels\\x.zip', 'path'],
        ],
      );
      assert.deepEqual(result.dependencies[2].extras, ['extra1', 'extra2']);
      assert.equal(result.dependencies[2].markers, 'python_version > "3"');
      for (const d of result.dependencies) assert.ok(d.skipReason?.includes('local path'), d.skipReason);
    });

    it('skips bare URLs, naming them from #egg= or the wheel name', () => {
      const { result, ranges } = clean(
        [
          '«https://files.example.com/packages/numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.whl»; sys_platform == "linux"',
          '«git+https://github.com/org/tool.git@v2.0#egg=tool»',
          '«hg+https://hg.example.com/repo#egg=hgpkg»',
          '«https://example.com/download?id=7»',
        ].join('\n'),
      );
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.deepEqual(
        result.dependencies.map((d) => [d.name, d.kind]),
        [
          ['numpy', 'url'],
          ['tool', 'git'],
          ['hgpkg', 'url'],
          ['https://example.com/download?id=7', 'url'],
        ],
      );
      assert.equal(result.dependencies[0].markers, 'sys_platform == "linux"');
      for (const d of result.dependencies) assert.ok(d.skipReason);
    });
  });

  describe('constraints files', () => {
    it('marks every entry constraintOnly and warns about what pip refuses there', () => {
      const { result, ranges } = parse('«urllib3<2»\n«requests[socks]==2.31.0»\n-e «.»\n«./local»', { constraints: true });
      assert.ok(result.dependencies.every((d) => d.constraintOnly === true));
      assert.deepEqual(
        result.errors.map((e) => [e.severity, e.range]),
        [
          ['warning', ranges[1]],
          ['warning', ranges[2]],
          ['warning', ranges[3]],
        ],
      );
      assert.equal(parseRequirements('urllib3<2').dependencies[0].constraintOnly, undefined);
    });
  });

  describe('text shapes', () => {
    for (const [label, text] of [
      ['empty', ''],
      ['whitespace only', ' \t\n  \r\n\t'],
      ['only comments', '# one\n  # two\n'],
      ['a lone BOM', '\uFEFF'],
      ['lone backslashes', '\\\n\\'],
    ] as const) {
      it(`reads a file that is ${label}`, () => {
        assert.deepEqual(parseRequirements(text), {
          kind: 'requirements.txt',
          dependencies: [],
          errors: [],
          includes: [],
          indexUrls: [],
          allowPrereleases: false,
        });
      });
    }

    it('handles CRLF, lone CR, tabs and a BOM', () => {
      const { result, ranges } = clean('\uFEFF«alpha==1»\r\n\t«beta»\t>\t«gamma»\r«delta»\r\n'.replace('«beta»\t>\t«gamma»', '«beta\t>=\t2»\r\n«gamma»'));
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        ranges,
      );
      assert.equal(ranges[0].start.character, 1, 'the BOM is a character of the raw text');
      assert.equal(result.dependencies[1].constraint, '>=2');
    });

    it('keeps reading after a bad line', () => {
      const { result, ranges } = parse('«ok1»\n«!!!»\nbad «2.0»\n«ok2»');
      assert.deepEqual(
        result.dependencies.map((d) => d.range),
        [ranges[0], ranges[3]],
      );
      assert.deepEqual(
        result.errors.map((e) => [e.severity, e.range]),
        [
          ['error', ranges[1]],
          ['error', ranges[2]],
        ],
      );
    });
  });
});

describe('requirements includes', () => {
  it('resolves include paths the way pip does', () => {
    assert.equal(resolveIncludePath('requirements/dev.txt', 'base.txt'), 'requirements/base.txt');
    assert.equal(resolveIncludePath('requirements/dev.txt', '../constraints.txt'), 'constraints.txt');
    assert.equal(resolveIncludePath('dev.txt', './base.txt'), 'base.txt');
    assert.equal(resolveIncludePath('dev.txt', '../up.txt'), '../up.txt');
    assert.equal(resolveIncludePath('/srv/app/req.txt', 'sub/./x.txt'), '/srv/app/sub/x.txt');
    assert.equal(resolveIncludePath('/srv/app/req.txt', '/etc/req.txt'), '/etc/req.txt');
    assert.equal(resolveIncludePath('/srv/app/req.txt', 'C:/reqs/x.txt'), 'C:/reqs/x.txt');
    assert.equal(resolveIncludePath('https://example.com/a/req.txt', 'b.txt'), 'https://example.com/a/b.txt');
    assert.equal(resolveIncludePath('https://example.com/req.txt', '../../b.txt'), 'https://example.com/b.txt');
    assert.equal(resolveIncludePath('/srv/req.txt', 'https://example.com/x.txt'), 'https://example.com/x.txt');
  });

  it('finds include cycles, including a file that includes itself', () => {
    const graph = new Map<string, string[]>([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', ['d', 'e']],
      ['d', []],
      ['e', ['c']],
    ]);
    assert.deepEqual(findIncludeCycle(graph), ['c', 'e', 'c']);
    assert.deepEqual(findIncludeCycle(graph, 'b'), null);
    assert.deepEqual(findIncludeCycle(new Map([['self', ['self']]])), ['self', 'self']);
    assert.equal(findIncludeCycle(new Map([['a', ['b']], ['b', ['missing']]])), null);
  });

  it('tells an include that closes a cycle from one that reaches a file twice (a diamond)', () => {
    const read = new Map<string, string[]>([
      ['a', ['b', 'c']],
      ['b', ['d']],
      ['c', []],
    ]);
    assert.equal(closesIncludeCycle(read, 'c', 'd'), false, 'd is included by b and c: not a cycle');
    assert.equal(closesIncludeCycle(read, 'd', 'a'), true, 'a → b → d → a');
    assert.equal(closesIncludeCycle(read, 'd', 'd'), true, 'a file that includes itself');
    assert.equal(closesIncludeCycle(new Map([['x', ['y']], ['y', ['y']]]), 'z', 'x'), false, 'a cycle elsewhere is not this include');
  });

  it('follows a long chain without overflowing the stack', () => {
    const graph = new Map<string, string[]>();
    for (let i = 0; i < 30_000; i++) graph.set(`f${i}`, [`f${i + 1}`]);
    assert.equal(findIncludeCycle(graph), null);
    graph.set('f30000', ['f0']);
    assert.equal(findIncludeCycle(graph)?.length, 30_002);
  });
});

/** The raw text a range covers (continuation lines included). */
function textAt(text: string, range: Range): string {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push((m.index ?? 0) + m[0].length);
  const offset = (p: Position): number => starts[p.line] + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

const H1 = '0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f';
const H2 = 'dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c02c5e76b6c7a3d8';
const H3 = '9b8b9d6bd5e8ac1f5e96c26a7df0d0a4da1a7d0e32bd1327c1e1ab4e1fcec3b7';

describe('realistic requirements files', () => {
  it('reads pip-compile output with hashes and "# via" comments', () => {
    const text = [
      '#',
      '# This file is autogenerated by pip-compile with Python 3.12',
      '# by the following command:',
      '#',
      '#    pip-compile --generate-hashes --output-file=requirements.txt requirements.in',
      '#',
      '--index-url https://pypi.org/simple',
      '',
      'certifi==2024.2.2 \\',
      `    --hash=sha256:${H1} \\`,
      `    --hash=sha256:${H2}`,
      '    # via requests',
      'charset-normalizer==3.3.2 \\',
      `    --hash=sha256:${H3}`,
      '    # via requests',
      "pywin32==306 ; sys_platform == 'win32' \\",
      `    --hash=sha256:${H2}`,
      '    # via',
      '    #   -r requirements.in',
      '    #   portalocker',
      'requests[socks]==2.31.0 \\',
      `    --hash=sha256:${H1}`,
      '    # via -r requirements.in',
      '',
      '# The following packages are considered to be unsafe in a requirements file:',
      '# setuptools',
      '',
    ].join('\n');
    const result = parseRequirements(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.includes, [], '"# via -r" is a comment, not an include');
    assert.deepEqual(result.indexUrls, ['https://pypi.org/simple']);
    assert.deepEqual(
      result.dependencies.map((d) => [textAt(text, d.range), d.normalizedName, d.kind, d.constraint, d.hashes]),
      [
        ['certifi==2024.2.2', 'certifi', 'exact', '2024.2.2', [H1, H2]],
        ['charset-normalizer==3.3.2', 'charset-normalizer', 'exact', '3.3.2', [H3]],
        ['pywin32==306', 'pywin32', 'exact', '306', [H2]],
        ['requests[socks]==2.31.0', 'requests', 'exact', '2.31.0', [H1]],
      ],
    );
    assert.equal(result.dependencies[2].markers, "sys_platform == 'win32'");
    assert.deepEqual(
      result.dependencies.map((d) => d.range.start.line),
      [8, 12, 15, 20],
    );
  });

  it('reads pip-compile output without hashes', () => {
    const text = 'asgiref==3.7.2\n    # via django\ndjango==5.0.3\n    # via -r requirements.in\nsqlparse==0.4.4\n    # via django\n';
    const result = parseRequirements(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.dependencies.map((d) => [d.normalizedName, d.constraint, d.range.start.line]),
      [
        ['asgiref', '3.7.2', 0],
        ['django', '5.0.3', 2],
        ['sqlparse', '0.4.4', 4],
      ],
    );
  });

  it('reads a Django-style split with -r base.txt', () => {
    const base = [
      'python-slugify==8.0.4  # slugs for URLs',
      'Pillow==10.2.0  # image fields',
      'argon2-cffi==23.1.0',
      'redis==5.0.2',
      '',
      '# Django',
      '# ------------------------------------------------------------------------------',
      'Django==4.2.11',
      'django-environ==0.11.2',
      'django-allauth[mfa]==0.61.1',
      'djangorestframework>=3.14,<3.16',
    ].join('\n');
    const production = [
      '# Production-only dependencies; everything else comes from base.txt',
      '',
      '-r base.txt',
      '',
      'gunicorn==21.2.0  # WSGI server',
      'psycopg[c]==3.1.18',
      'sentry-sdk==1.40.6',
      'django-storages[s3]==1.14.2',
    ].join('\r\n');
    const local = ['-r base.txt', '-c ../constraints.txt', '', 'Werkzeug[watchdog]==3.0.1', 'ipdb==0.13.13', 'mypy~=1.8', '-e ../shared-lib'].join('\n');

    const b = parseRequirements(base);
    assert.deepEqual(b.errors, []);
    assert.deepEqual(
      b.dependencies.map((d) => textAt(base, d.range)),
      ['python-slugify==8.0.4', 'Pillow==10.2.0', 'argon2-cffi==23.1.0', 'redis==5.0.2', 'Django==4.2.11', 'django-environ==0.11.2', 'django-allauth[mfa]==0.61.1', 'djangorestframework>=3.14,<3.16'],
    );
    assert.equal(b.dependencies[7].kind, 'range');
    assert.equal(b.dependencies[7].constraint, '>=3.14,<3.16');

    const p = parseRequirements(production);
    assert.deepEqual(p.errors, []);
    assert.deepEqual(
      p.includes?.map((i) => [i.kind, i.path, textAt(production, i.range)]),
      [['requirement', 'base.txt', 'base.txt']],
    );
    assert.deepEqual(
      p.dependencies.map((d) => [textAt(production, d.range), d.range.start.line]),
      [
        ['gunicorn==21.2.0', 4],
        ['psycopg[c]==3.1.18', 5],
        ['sentry-sdk==1.40.6', 6],
        ['django-storages[s3]==1.14.2', 7],
      ],
    );

    const l = parseRequirements(local);
    assert.deepEqual(l.errors, []);
    assert.deepEqual(
      l.includes?.map((i) => [i.kind, i.path]),
      [
        ['requirement', 'base.txt'],
        ['constraint', '../constraints.txt'],
      ],
    );
    assert.deepEqual(
      l.dependencies.map((d) => [d.normalizedName, d.kind]),
      [
        ['werkzeug', 'exact'],
        ['ipdb', 'exact'],
        ['mypy', 'range'],
        ['../shared-lib', 'path'],
      ],
    );
  });

  it('reads a hand-written file with every kind of line mixed', () => {
    const text = [
      '--extra-index-url https://download.pytorch.org/whl/cpu',
      '--find-links ./wheels',
      'torch==2.2.1+cpu',
      'numpy>=1.24; python_version >= "3.9"',
      'numpy<1.24; python_version < "3.9"',
      'scipy >= 1.10, != 1.11.0',
      'git+https://github.com/example/private-tool.git@v1.2#egg=private-tool',
      './vendor/internal_pkg-0.3.0-py3-none-any.whl',
      'black ; extra == "dev"',
    ].join('\n');
    const result = parseRequirements(text);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.dependencies.map((d) => [d.normalizedName, d.kind, d.constraint]),
      [
        ['torch', 'exact', '2.2.1+cpu'],
        ['numpy', 'range', '>=1.24'],
        ['numpy', 'range', '<1.24'],
        ['scipy', 'range', '>=1.10,!=1.11.0'],
        ['private-tool', 'git', ''],
        ['internal-pkg', 'path', ''],
        ['black', 'range', ''],
      ],
    );
    assert.deepEqual(result.indexUrls, ['https://download.pytorch.org/whl/cpu']);
    assert.equal(result.dependencies[0].indexUrl, undefined, 'extra indexes do not replace the primary one');
  });
});
