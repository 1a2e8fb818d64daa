/**
 * The text edit that pins one dependency to an exact version, written in the manifest's own
 * language: `"4.17.21"` in package.json (`npm:lodash@4.17.21` for an alias), `==2.31.0` in
 * requirements files and PEP 508 strings, a bare `2.31.0` for Poetry.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Dependency } from '../model';

function editAt(doc: TextDocument, start: number, end: number, newText: string): TextEdit {
  return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, newText };
}

export function pinEdit(doc: TextDocument, dep: Dependency, version: string): TextEdit | undefined {
  const startOffset = doc.offsetAt(dep.range.start);
  const slice = doc.getText(dep.range);
  if (dep.registry === 'npm') {
    // The value is the last string literal of the `"name": "spec"` pair.
    const close = slice.lastIndexOf('"');
    const open = close > 0 ? slice.lastIndexOf('"', close - 1) : -1;
    if (open < 0) return undefined;
    const value = dep.normalizedName !== dep.name && dep.specifier.startsWith('npm:') ? `npm:${dep.normalizedName}@${version}` : version;
    return editAt(doc, startOffset + open + 1, startOffset + close, value);
  }
  if (dep.section.startsWith('tool.poetry')) {
    const inTable = /(version\s*=\s*)(["'])([^"'\n]*)\2/.exec(slice);
    if (inTable) {
      const at = inTable.index + inTable[1].length + 1;
      return editAt(doc, startOffset + at, startOffset + at + inTable[3].length, version);
    }
    const str = /=\s*(["'])([^"'\n]*)\1\s*$/.exec(slice);
    if (!str) return undefined;
    const at = str.index + str[0].indexOf(str[1]) + 1;
    return editAt(doc, startOffset + at, startOffset + at + str[2].length, version);
  }
  // PEP 508 text (requirements line or pyproject string): replace the specifier, or add one after the name/extras.
  const pin = `==${version}`;
  if (dep.specifier) {
    const at = slice.lastIndexOf(dep.specifier);
    if (at >= 0) return editAt(doc, startOffset + at, startOffset + at + dep.specifier.length, pin);
  }
  const nameAt = slice.indexOf(dep.name);
  if (nameAt < 0) return undefined;
  let end = nameAt + dep.name.length;
  const extras = /^\s*\[[^\]]*\]/.exec(slice.slice(end));
  if (extras) end += extras[0].length;
  return editAt(doc, startOffset + end, startOffset + end, pin);
}
