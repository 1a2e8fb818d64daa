/**
 * Each layer may import only what is below it (docs/architecture.md, "Layers"); eslint's
 * no-restricted-imports, configured per folder in eslint.config.mjs, makes a wrong import fail lint.
 * The probes are linted with the repository's own configuration, as `npx eslint` would, in place of
 * the text of a real file of each layer (the type-aware parser only knows files its tsconfig lists).
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.join(__dirname, '../..');

const PROBES: { file: string; source: string; allowed: boolean }[] = [
  { file: 'client/src/view/sortRows.ts', source: "import type { ParsedManifest } from '../../server/src/service/model';", allowed: false },
  { file: 'client/src/view/sortRows.ts', source: "import { createNodeRuntime } from '../../server/src/node/runtime';", allowed: false },
  { file: 'client/src/view/sortRows.ts', source: "import type { DependencyStatus } from '../../shared/src/protocol';", allowed: true },
  { file: 'client/src/view/sortRows.ts', source: "import type { ParsedManifest } from '../../out/service/model';", allowed: false },
  { file: 'server/src/service/settings.ts', source: "import { runCheck } from '../../../dist/cli';", allowed: false },
  { file: 'server/src/service/settings.ts', source: "import { runCheck } from '../cli/runCheck';", allowed: false },
  { file: 'server/src/service/settings.ts', source: "import { readFile } from 'node:fs';", allowed: false },
  { file: 'server/src/service/settings.ts', source: "import { createConnection } from 'vscode-languageserver/node';", allowed: false },
  { file: 'server/src/service/settings.ts', source: "import type { ManifestKind } from '../../../shared/src/formats';", allowed: true },
  { file: 'shared/src/statusWords.ts', source: "import type { ParsedManifest } from '../../server/src/service/model';", allowed: false },
  { file: 'shared/src/statusWords.ts', source: "import { createHttpClient } from '../node/http/httpClient';", allowed: false },
  { file: 'shared/node/http/retry.ts', source: "import * as vscode from 'vscode';", allowed: false },
  { file: 'server/src/node/files.ts', source: "import { startServer } from '../lsp/startServer';", allowed: false },
  { file: 'server/src/service/tree/treeCheck.ts', source: "import { createNodeRuntime } from '../../node/runtime';", allowed: false },
  { file: 'server/src/service/stages/findings.ts', source: "import { startServer } from '../../lsp/startServer';", allowed: false },
  { file: 'server/src/service/stages/findings.ts', source: "import { createHttpClient } from '../../../../shared/node/http/httpClient';", allowed: false },
  { file: 'server/src/cli/runCheck.ts', source: "import { startServer } from '../lsp/startServer';", allowed: false },
  { file: 'server/src/lsp/startServer.ts', source: "import { runCheck } from '../cli/runCheck';", allowed: false },
  { file: 'server/src/cli/runCheck.ts', source: "import { createSigmaService } from '../service';", allowed: true },
];

describe('layers: eslint refuses a cross-layer import', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: ROOT });

  for (const probe of PROBES) {
    it(`${probe.allowed ? 'allows' : 'refuses'} in ${probe.file}: ${probe.source}`, async () => {
      const text = `${probe.source}\nexport type Probe = unknown;\nvoid 0;\n`;
      const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, probe.file) });
      const layerErrors = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.equal(layerErrors.length, probe.allowed ? 0 : 1, JSON.stringify(result.messages.map((m) => `${m.ruleId}: ${m.message}`)));
    });
  }
});

describe('layers: a driver cannot change findings in place', function () {
  this.timeout(120_000);
  const eslint = new ESLint({ cwd: ROOT });
  const probes: { file: string; source: string; allowed: boolean }[] = [
    { file: 'server/src/lsp/startServer.ts', source: 'declare const entry: { findings: string[] };\nentry.findings.push("x");', allowed: false },
    { file: 'server/src/cli/runCheck.ts', source: 'declare const entry: { findings: string[] };\nentry.findings = [];', allowed: false },
    { file: 'server/src/cli/runCheck.ts', source: 'declare const entry: { findings: string[] };\nexport const more = [...entry.findings, "x"];', allowed: true },
  ];
  for (const probe of probes) {
    it(`${probe.allowed ? 'allows' : 'refuses'} in ${probe.file}: ${probe.source.split('\n')[1]}`, async () => {
      const [result] = await eslint.lintText(`${probe.source}\n`, { filePath: path.join(ROOT, probe.file) });
      const errors = result.messages.filter((m) => m.ruleId === 'no-restricted-syntax');
      assert.equal(errors.length, probe.allowed ? 0 : 1, JSON.stringify(result.messages.map((m) => `${m.ruleId}: ${m.message}`)));
    });
  }
});
