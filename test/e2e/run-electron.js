#!/usr/bin/env node
// Runs the end-to-end suite under @vscode/test-electron (downloads VS Code: needs the internet).
// Assumes `npm run build` produced dist/ and dist-test/. Offline, use run-code-server.js instead.
'use strict';
require('tsx/cjs/api').register();
const { main } = require('./harness/runElectron.ts');

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
