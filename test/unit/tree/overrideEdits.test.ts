/**
 * The override quick fix's writers (features/overrideEdits.ts, docs/tree.md "Override quick fix"):
 * pnpm-workspace.yaml `overrides` and pyproject.toml `[tool.uv] override-dependencies`, each as a
 * small edit that keeps the rest of the file as written, and none for a layout it cannot edit safely.
 */
import assert from 'node:assert/strict';
import { pnpmWorkspaceOverrideEdits, uvOverrideEdits, type OffsetEdit } from '../../../server/src/service/features/overrideEdits';

function applied(text: string, edits: OffsetEdit[] | undefined): string | undefined {
  if (!edits) return undefined;
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) out = out.slice(0, e.offset) + e.content + out.slice(e.offset + e.length);
  return out;
}

describe('override writers (features/overrideEdits.ts)', () => {
  describe('pyproject.toml [tool.uv] override-dependencies', () => {
    const uv = (text: string, name: string, version: string) => applied(text, uvOverrideEdits(text, name, version));

    it('no [tool.uv]: a new table at the end, after a blank line', () => {
      assert.equal(
        uv('[project]\nname = "app"\ndependencies = ["requests==2.31.0"]\n', 'urllib3', '2.2.1'),
        '[project]\nname = "app"\ndependencies = ["requests==2.31.0"]\n\n[tool.uv]\noverride-dependencies = ["urllib3==2.2.1"]\n',
      );
    });

    it('[tool.uv] without the key: the key right under the header', () => {
      assert.equal(uv('[project]\nname = "app"\n\n[tool.uv]\ndev-dependencies = []\n', 'urllib3', '2.2.1'), '[project]\nname = "app"\n\n[tool.uv]\noverride-dependencies = ["urllib3==2.2.1"]\ndev-dependencies = []\n');
    });

    it('an entry for the same package (any spelling) is replaced; another one is appended in the array\'s own layout', () => {
      const multi = '[tool.uv]\noverride-dependencies = [\n    "idna>=3",\n    "URLLib3<2",\n]\n';
      assert.equal(uv(multi, 'urllib3', '2.2.1'), '[tool.uv]\noverride-dependencies = [\n    "idna>=3",\n    "urllib3==2.2.1",\n]\n');
      assert.equal(uv(multi, 'certifi', '2024.2.2'), '[tool.uv]\noverride-dependencies = [\n    "idna>=3",\n    "URLLib3<2",\n    "certifi==2024.2.2",\n]\n');
      assert.equal(uv('[tool.uv]\noverride-dependencies = ["idna>=3"]\n', 'certifi', '2024.2.2'), '[tool.uv]\noverride-dependencies = ["idna>=3", "certifi==2024.2.2"]\n');
      assert.equal(uv('[tool.uv]\noverride-dependencies = []\n', 'certifi', '2024.2.2'), '[tool.uv]\noverride-dependencies = ["certifi==2024.2.2"]\n');
    });

    it('tool.uv written as dotted keys, or a file that is not valid TOML: no edit', () => {
      assert.equal(uvOverrideEdits('[tool]\nuv.dev-dependencies = []\n', 'urllib3', '2.2.1'), undefined);
      assert.equal(uvOverrideEdits('[project\nname = "app"\n', 'urllib3', '2.2.1'), undefined);
    });
  });

  describe('pnpm-workspace.yaml overrides', () => {
    const ws = (text: string, name: string, version: string) => applied(text, pnpmWorkspaceOverrideEdits(text, name, version));

    it('no overrides: a new map at the end', () => {
      assert.equal(ws('packages:\n  - packages/*\ncatalog:\n  ms: ^2.1.3\n', 'minimist', '1.2.8'), 'packages:\n  - packages/*\ncatalog:\n  ms: ^2.1.3\noverrides:\n  minimist: 1.2.8\n');
    });

    it('an existing map: the same package\'s value replaced, another appended after the last entry (its comment stays with it), quoted where YAML needs it', () => {
      const text = 'overrides:\n  foo: 1.0.0 # pinned\n  minimist: 1.2.5\npackages:\n  - a\n';
      assert.equal(ws(text, 'minimist', '1.2.8'), 'overrides:\n  foo: 1.0.0 # pinned\n  minimist: 1.2.8\npackages:\n  - a\n');
      assert.equal(ws('overrides:\n  foo: 1.0.0 # pinned\npackages: []\n', '@types/node', '20.0'), 'overrides:\n  foo: 1.0.0 # pinned\n  "@types/node": "20.0"\npackages: []\n');
    });

    it('a flow map, an empty key or unreadable YAML: no edit', () => {
      assert.equal(pnpmWorkspaceOverrideEdits('overrides: {}\n', 'x', '1.0.0'), undefined);
      assert.equal(pnpmWorkspaceOverrideEdits('overrides:\npackages: []\n', 'x', '1.0.0'), undefined);
      assert.equal(pnpmWorkspaceOverrideEdits('overrides: [\n', 'x', '1.0.0'), undefined);
    });
  });
});
