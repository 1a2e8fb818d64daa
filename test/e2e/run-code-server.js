#!/usr/bin/env node
// Runs the end-to-end suite inside a real VS Code (code-server + headless Chromium); see
// test/e2e/README.md. Assumes `npm run build` produced dist/ and dist-test/. The runner is TypeScript,
// loaded through tsx so it shares types with the registry and the suite.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('./harness/runSuite.ts');

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    console.log('E2E: 0 passed, 1 failed');
    process.exitCode = 1;
  },
);
