import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TreeBuilder } from '../../../server/src/service/tree/builder';

describe('TreeBuilder (tree/builder.ts, tree/treeNode.ts)', () => {
  const text = fc.array(fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', '😀', '"'), { maxLength: 60 }).map((parts) => parts.join(''));
  const spans = fc.array(fc.tuple(fc.integer({ min: -2, max: 65 }), fc.integer({ min: -2, max: 65 })), { maxLength: 12 });

  it('a node’s range, computed when first read and in any order, equals TextDocument’s positions of its offsets (property)', () => {
    fc.assert(
      fc.property(text, spans, fc.array(fc.nat(), { maxLength: 20 }), (source, offsets, readOrder) => {
        const document = TextDocument.create('untitled:x', 'plaintext', 0, source);
        const builder = new TreeBuilder('yarn.lock', source, 'npm');
        const nodes = offsets.map(([start, end], i) => builder.addNode(`p${i}`, '1.0.0', { start, end }));
        const tree = builder.build();
        for (const k of [...readOrder.map((r) => (nodes.length === 0 ? -1 : r % nodes.length)), ...nodes.keys()]) {
          if (k < 0) continue;
          const [start, end] = offsets[k];
          const expected = { start: document.positionAt(start), end: document.positionAt(end) };
          assert.deepEqual(tree.nodes[k].range, expected);
          assert.equal(tree.nodes[k].range, tree.nodes[k].range, 'read once, kept');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('addEdges gives every node the edges addEdge one by one gives, in the same order (property)', () => {
    const batch = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 70 }));
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 12 }), (batches) => {
        const one = new TreeBuilder('yarn.lock', '', 'npm');
        const many = new TreeBuilder('yarn.lock', '', 'npm');
        for (let i = 0; i < 6; i++) {
          one.addNode(`p${i}`, '1.0.0', { start: 0, end: 0 });
          many.addNode(`p${i}`, '1.0.0', { start: 0, end: 0 });
        }
        for (const [from, targets] of batches) {
          for (const to of targets) one.addEdge(from, to);
          many.addEdges(from, targets.slice());
        }
        assert.deepEqual(many.build().nodes.map((n) => [...n.deps]), one.build().nodes.map((n) => [...n.deps]));
      }),
      { numRuns: 1000 },
    );
  });

  it('keys, fields and edges read as the plain model says', () => {
    const builder = new TreeBuilder('bun.lock', 'a\nb\n', 'npm');
    const a = builder.addNode('@s/a', '1.0.0', { start: 0, end: 1, integrity: 'sha512-x', dev: true });
    const b = builder.addNode('b', '2.0.0', { start: 2, end: 3, hashes: ['ab'] });
    builder.addEdge(a, b);
    builder.addEdge(a, b);
    builder.addEdge(b, b);
    const { nodes } = builder.build();
    assert.deepEqual(
      nodes.map((n) => [n.key, n.registry, n.name, n.version, n.dev, n.integrity, [...n.hashes], [...n.deps]]),
      [
        ['@s/a@1.0.0', 'npm', '@s/a', '1.0.0', true, 'sha512-x', [], [b]],
        ['b@2.0.0', 'npm', 'b', '2.0.0', false, undefined, ['ab'], []],
      ],
    );
    assert.deepEqual(nodes[1].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
  });
});
