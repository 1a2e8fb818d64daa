import assert from 'node:assert/strict';
import { computeFindings } from '../../../server/src/service/stages/findings';
import { pinEdit } from '../../../server/src/service/features/pinEdit';
import type { Dependency } from '../../../server/src/service/model';
import { TextDocument } from 'vscode-languageserver-textdocument';

const dep: Dependency = {
  registry: 'npm',
  name: 'lodash',
  normalizedName: 'lodash',
  specifier: '^4.17.0',
  kind: 'range',
  constraint: '^4.17.0',
  section: 'dependencies',
  range: { start: { line: 0, character: 2 }, end: { line: 0, character: 21 } },
};
const settings = { uncertifiedSeverity: 'information' as const };

describe('features: findings', () => {
  it('an unresolved version says why', () => {
    const found = computeFindings(dep, { version: null, resolvedFrom: null, hashes: [], reason: 'lodash was not found on the registry' }, null, { settings });
    assert.deepEqual(found, [{ code: 'unresolved', severity: 'information', message: 'lodash: no exact version could be determined — lodash was not found on the registry' }]);
  });

  it('a version unknown because the network failed gives no per-dependency finding (registry-unavailable covers it once)', () => {
    assert.deepEqual(computeFindings(dep, { version: null, resolvedFrom: null, hashes: [], reason: 'connection refused', networkFailure: true }, null, { settings }), []);
  });
});

describe('features: pinEdit', () => {
  it('package.json: replaces only the quoted value', () => {
    const doc = TextDocument.create('file:///p/package.json', 'json', 1, '{ "lodash": "^4.17.0" }');
    assert.deepEqual(pinEdit(doc, dep, '4.17.21'), { range: { start: { line: 0, character: 13 }, end: { line: 0, character: 20 } }, newText: '4.17.21' });
  });

  it('requirements: adds ==version after the name and extras when there is no specifier', () => {
    const text = 'flask[async]  # web\n';
    const doc = TextDocument.create('file:///p/requirements.txt', 'pip-requirements', 1, text);
    const flask: Dependency = { ...dep, registry: 'pypi', name: 'flask', normalizedName: 'flask', specifier: '', constraint: '', section: 'requirements', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } } };
    assert.deepEqual(pinEdit(doc, flask, '3.0.2'), { range: { start: { line: 0, character: 12 }, end: { line: 0, character: 12 } }, newText: '==3.0.2' });
  });
});
