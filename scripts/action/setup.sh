#!/usr/bin/env bash
# Step 1 of action.yml: which CLI to run. The `cli` input when given; otherwise this action's own
# checkout, built once (npm ci + esbuild) when dist/cli.js is not there yet. Writes `cli=…`.
set -euo pipefail
if [ -n "${INPUT_CLI:-}" ]; then
  echo "cli=$INPUT_CLI" >> "$GITHUB_OUTPUT"
  exit 0
fi
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`sigma-trust needs Node 20.19 or later, found ${process.version}: run actions/setup-node before this action`);
    process.exit(1);
  }'
if [ ! -f "$GITHUB_ACTION_PATH/dist/cli.js" ]; then
  (cd "$GITHUB_ACTION_PATH" && npm ci --no-audit --no-fund --ignore-scripts && node esbuild.js)
fi
echo "cli=$GITHUB_ACTION_PATH/dist/cli.js" >> "$GITHUB_OUTPUT"
