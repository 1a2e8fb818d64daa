/**
 * `--format sarif` against the complete SARIF 2.1.0 schema (test/fixtures/sarif/), with the parts code
 * scanning relies on: fingerprints that survive moved lines (docs/ci.md, "Fingerprints"), rules with
 * help, and the exit code in `invocations`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { cliWorkspace, type CliWorkspace } from '../helpers/cliProject';

const SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
  partialFingerprints: Record<string, string>;
  properties: { package: string; advisoryId?: string };
}
interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; help: { text: string; markdown: string }; helpUri: string; defaultConfiguration: { level: string } }> } };
    invocations: Array<{ executionSuccessful: boolean; exitCode: number }>;
    results: SarifResult[];
  }>;
}

const BEFORE = `{
  "dependencies": {
    "left-pad": "1.3.0",
    "lodash": "4.17.15",
    "axios": "1.6.7"
  }
}
`;
const AFTER = `{
  "name": "moved",
  "devDependencies": { "typescript": "5.4.5" },
  "dependencies": {
    "axios": "1.6.7",
    "lodash": "4.17.15",

    "left-pad": "1.3.0"
  }
}
`;

describe('CLI: SARIF for code scanning', function () {
  let ws: CliWorkspace;
  const validate = (() => {
    // The published schema's `language` pattern ends in a stray `]`, which is only valid without the
    // `u` flag; strict is off because the schema uses draft-04 keywords ajv's strict mode rejects.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    return ajv.compile(SCHEMA);
  })();
  const sarif = async (dir: string, flags: string[] = []): Promise<{ code: number | null; log: SarifLog }> => {
    const r = await ws.check(['.', '--format', 'sarif', ...flags], { cwd: dir });
    return { code: r.code, log: JSON.parse(r.stdout) as SarifLog };
  };

  before(async () => {
    ws = await cliWorkspace();
  });
  after(() => ws.close());

  it('is valid against the full SARIF 2.1.0 schema, with help for every rule and the exit code in invocations', async () => {
    const { code, log } = await sarif(ws.project({ 'package.json': BEFORE, 'requirements.txt': 'requests==2.31.0\nnot a requirement ===\n' }));
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 1));
    const run = log.runs[0];
    assert.equal(code, 1);
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, exitCode: 1 }]);
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.help.text.length > 40 && rule.help.markdown.includes(`](${rule.helpUri})`), rule.id);
      assert.match(rule.helpUri, /^https:\/\//);
    }
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    const clean = await sarif(ws.project({ 'package.json': '{ "dependencies": { "express": "4.19.2" } }' }));
    assert.ok(validate(clean.log));
    assert.deepEqual(clean.log.runs[0].invocations, [{ executionSuccessful: true, exitCode: 0 }]);
  });

  it('two advisories on one version are two alerts; moving and re-ordering lines keeps every fingerprint', async () => {
    const before = (await sarif(ws.project({ 'package.json': BEFORE }))).log.runs[0].results;
    const after = (await sarif(ws.project({ 'package.json': AFTER }))).log.runs[0].results.filter((r) => r.properties.package !== 'typescript');
    const fp = (r: SarifResult): string => Object.values(r.partialFingerprints).join();
    const lodashAdvisories = before.filter((r) => r.properties.package === 'lodash' && r.ruleId === 'advisory');
    assert.ok(lodashAdvisories.length >= 2, 'the fixture has several advisories on lodash 4.17.15');
    assert.equal(new Set(lodashAdvisories.map(fp)).size, lodashAdvisories.length, 'one fingerprint per advisory');
    assert.equal(new Set(before.map(fp)).size, before.length, 'no two results share a fingerprint (two retained warnings included)');
    assert.deepEqual(new Set(after.map(fp)), new Set(before.map(fp)));
    const line = (rs: SarifResult[], pkg: string): number => rs.find((r) => r.properties.package === pkg)!.locations[0].physicalLocation.region.startLine;
    assert.notEqual(line(after, 'left-pad'), line(before, 'left-pad'), 'the line did move');
  });

  it('a different version is a different alert', async () => {
    const one = (await sarif(ws.project({ 'package.json': '{ "dependencies": { "express": "4.18.2" } }' }))).log.runs[0].results;
    const two = (await sarif(ws.project({ 'package.json': '{ "dependencies": { "express": "4.17.1" } }' }))).log.runs[0].results;
    const fps = (rs: SarifResult[]): string[] => rs.map((r) => Object.values(r.partialFingerprints).join());
    assert.ok(one.length > 0 && two.length > 0);
    assert.equal(fps(one).filter((f) => fps(two).includes(f)).length, 0);
  });
});
