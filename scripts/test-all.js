#!/usr/bin/env node
// `npm test`: build, type-check, lint, then every test layer (pure service, real LSP connection and
// CLI, bench smoke run, real VS Code). Ends with one line `N passed, M failed` counting every layer.
'use strict';
const { spawn } = require('node:child_process');

const steps = [
  { name: 'build', cmd: ['node', 'esbuild.js'] },
  { name: 'typecheck', cmd: ['npx', 'tsc', '-b'] },
  { name: 'lint', cmd: ['npx', 'eslint', '--max-warnings', '0', '.'] },
  { name: 'unit', cmd: ['npx', 'mocha', '--config', 'test/.mocharc.unit.json'], mocha: true },
  { name: 'lsp+cli', cmd: ['npx', 'mocha', '--config', 'test/.mocharc.lsp.json'], mocha: true },
  { name: 'bench-smoke', cmd: ['node', '--import', 'tsx', 'bench/run.ts', '--smoke'], countAs: 1 },
  { name: 'e2e', cmd: ['node', 'test/e2e/run-code-server.js'], e2e: true },
];

const only = process.argv.slice(2);

function run(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
    const child = spawn(step.cmd[0], step.cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk.toString();
      if (out.length > 1_000_000) out = out.slice(-200_000);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out, ms: Date.now() - started }));
  });
}

function counts(step, result) {
  if (step.mocha) {
    const passing = /(\d+) passing/.exec(result.out);
    const failing = /(\d+) failing/.exec(result.out);
    const passed = passing ? Number(passing[1]) : 0;
    let failed = failing ? Number(failing[1]) : 0;
    if (result.code !== 0 && failed === 0) failed = 1;
    return { passed, failed };
  }
  if (step.e2e) {
    const m = /E2E: (\d+) passed, (\d+) failed/.exec(result.out);
    if (m) return { passed: Number(m[1]), failed: Number(m[2]) + (result.code !== 0 && Number(m[2]) === 0 ? 1 : 0) };
    return { passed: 0, failed: 1 };
  }
  // Build, type-check, lint and the bench smoke run each count as one check.
  return result.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

(async () => {
  let passed = 0;
  let failed = 0;
  const lines = [];
  for (const step of steps) {
    if (only.length > 0 && !only.includes(step.name)) continue;
    const result = await run(step);
    const c = counts(step, result);
    passed += c.passed;
    failed += c.failed;
    lines.push(`${step.name.padEnd(12)} ${String(c.passed).padStart(5)} passed ${String(c.failed).padStart(4)} failed  ${(result.ms / 1000).toFixed(1)} s`);
    // Nothing can be tested without a build.
    if (step.name === 'build' && result.code !== 0) break;
  }
  console.log('\n=== summary');
  for (const l of lines) console.log(l);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
})();
