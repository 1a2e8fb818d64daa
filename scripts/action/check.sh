#!/usr/bin/env bash
# Step 2 of action.yml (docs/ci.md, "GitHub Action"): the JSON run decides the exit code (3, an
# incomplete check, still writes every report); the SARIF
# and markdown runs read the same answers from its cache folder. Reports go to a fresh folder under
# RUNNER_TEMP (a baseline from an earlier run of this action is never overwritten), the markdown to
# the job summary, paths and counts to the step's outputs.
set -uo pipefail
if [ -n "${INPUT_WORKING_DIRECTORY:-}" ]; then cd "$INPUT_WORKING_DIRECTORY" || exit 2; fi
mkdir -p "${RUNNER_TEMP:-/tmp}"
out="$(mktemp -d "${RUNNER_TEMP:-/tmp}/sigma-trust-XXXXXX")"

# A path to the bundle (from setup.sh) runs with node; anything else is a command line.
if [ -f "$SIGMA_CLI" ]; then cli=(node "$SIGMA_CLI"); else read -ra cli <<< "$SIGMA_CLI"; fi
read -ra paths <<< "$(printf '%s' "${INPUT_PATHS:-.}" | tr '\n' ' ')"
if [ ${#paths[@]} -eq 0 ]; then paths=(.); fi
args=(--fail-on "${INPUT_FAIL_ON:-rejected}" --cache-dir "$out/cache")
if [ -n "${INPUT_BASELINE:-}" ]; then args+=(--baseline "$INPUT_BASELINE"); fi
if [ -n "${INPUT_API_URL:-}" ]; then args+=(--api-url "$INPUT_API_URL"); fi
if [ -n "${INPUT_NPM_REGISTRY_URL:-}" ]; then args+=(--npm-registry-url "$INPUT_NPM_REGISTRY_URL"); fi
if [ -n "${INPUT_PYPI_URL:-}" ]; then args+=(--pypi-url "$INPUT_PYPI_URL"); fi

"${cli[@]}" check "${paths[@]}" "${args[@]}" --format json > "$out/report.json"
code=$?
# No report at all means the CLI did not run (not found, crashed): never read that as a verdict.
if [ ! -s "$out/report.json" ]; then code=2; fi
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
echo "json=$out/report.json" >> "$GITHUB_OUTPUT"
if [ "$code" -eq 2 ]; then
  echo "### ✗ SIGMA Package Trust could not run (exit $code); the log has the reason" >> "$GITHUB_STEP_SUMMARY"
  exit "$code"
fi

"${cli[@]}" check "${paths[@]}" "${args[@]}" --format sarif > "$out/results.sarif"
echo "sarif=$out/results.sarif" >> "$GITHUB_OUTPUT"
"${cli[@]}" check "${paths[@]}" "${args[@]}" --format markdown > "$out/summary.md"
cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"

node -e '
  const report = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
  const findings = report.manifests.reduce((n, m) => n + m.dependencies.reduce((k, d) => k + d.findings.filter((f) => f.code !== "skipped").length, 0), 0);
  const s = report.summary;
  const lines = { findings, "left-out": report.baseline ? report.baseline.leftOut : 0, dependencies: s.dependencies, rejected: s.rejected, uncertified: s.uncertified };
  for (const [k, v] of Object.entries(lines)) console.log(`${k}=${v}`);
' "$out/report.json" >> "$GITHUB_OUTPUT"
exit "$code"
