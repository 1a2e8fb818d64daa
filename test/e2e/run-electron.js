#!/usr/bin/env node
// Runs the end-to-end suite under @vscode/test-electron (downloads VS Code: needs the internet).
// Assumes `npm run build` produced dist/ and dist-test/. Offline, use run-code-server.js instead.
'use strict';
require('./launch').launch(require.resolve('./harness/runElectron.ts'));
