#!/usr/bin/env node
// Runs the end-to-end suite inside a real VS Code (code-server + headless Chromium); see
// test/e2e/README.md. Assumes `npm run build` produced dist/ and dist-test/.
'use strict';
require('./launch').launch(require.resolve('./harness/runSuite.ts'));
