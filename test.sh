#!/usr/bin/env bash
# Runs the whole test suite, exactly as CI does: builds Release with warnings as errors, builds the sample
# plugin against the packed SPI package, runs every test project and prints a summary. Exits non-zero on any
# failure.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$OW_ROOT"
require_dotnet

step "Building OpenWhisk.sln (Release, warnings as errors)"
dotnet build OpenWhisk.sln -c Release -warnaserror --nologo -v quiet

step "Building the sample plugin against the packed OpenWhisk.Spi package"
samples/build-sample-plugin.sh

step "Running tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test OpenWhisk.sln -c Release --no-build --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed:[[:space:]]+([0-9]+), Passed:[[:space:]]+([0-9]+), Skipped:[[:space:]]+([0-9]+).*/\1 \2 \3/p' "$log")
assemblies=$(grep -cE '^(Passed|Failed)!' "$log" || true)

step "Summary"
note "test assemblies: $assemblies"
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  echo "Tests failed (dotnet test exit code $status)." >&2
  exit 1
fi
