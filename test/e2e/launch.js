// Starts a TypeScript e2e runner (loaded through tsx, so it shares types with the registry and the
// suite) and turns its result into the exit code. A runner that throws still ends with the summary
// line `E2E: 0 passed, 1 failed` that scripts/test-all.js counts.
'use strict';

function launch(runnerPath) {
  require('tsx/cjs/api').register();
  const { main } = require(runnerPath);
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
}

module.exports = { launch };
