#!/usr/bin/env bash
# Runs the whole test suite, exactly as CI does: installs and starts Docker if needed, builds the action runtime
# images, installs Chromium (headless browser tests), docker-registry (blackbox pull tests), docker-compose (the
# deployment in deploy/) and python3/iproute2/iptables
# (a fake metadata service in a network namespace for the isolation tests), builds Release with warnings as errors, builds the sample
# plugin against the packed SPI package, runs every test project and prints a summary. Exits non-zero on any
# failure.
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$OW_ROOT"
suite_start=$SECONDS
require_dotnet
ensure_docker
ensure_runtime_images
ensure_packages chromium docker-registry docker-compose python3 iproute2 iptables

note "set up in $((SECONDS - suite_start)) s; $(nproc) cores, $(df -h --output=avail / | tail -1 | tr -d ' ') free on /, Docker $(docker info --format '{{.ServerVersion}} on {{.Driver}}' 2>/dev/null || echo '?')"

step "Building OpenWhisk.sln (Release, warnings as errors)"
dotnet build OpenWhisk.sln -c Release -warnaserror --nologo -v quiet

step "Building the sample plugin against the packed OpenWhisk.Spi package"
samples/build-sample-plugin.sh

step "Running tests"
log=$(mktemp)
pg_dir=""
cleanup() {
  rm -f "$log"
  if [ -n "$pg_dir" ]; then scripts/postgres.sh remove "$pg_dir"; fi
}
trap cleanup EXIT
if [ -z "${OW_TEST_POSTGRES:-}" ]; then
  # A throwaway PostgreSQL server on a free loopback port; OW_TEST_POSTGRES may name your own instead.
  pg_dir=$(mktemp -d /tmp/ow-test-pg.XXXXXX)
  pg_port=$(free_port)
  OW_TEST_POSTGRES=$(scripts/postgres.sh start "$pg_dir" "$pg_port")
  export OW_TEST_POSTGRES
  note "PostgreSQL for the tests: $OW_TEST_POSTGRES"
fi
# Containers of the platform that exist before the tests (a ./run.sh on this machine) are not the tests' leftovers.
managed_before=$(docker ps -aq --no-trunc --filter label=net.openwhisk.managed=true | sort)
# One test assembly at a time: most of them drive real containers, and two of them at once on a 2-core machine slow
# cold starts past the tests' blocking waits.
status=0
durations=""
set +e
for project in tests/*.Tests/*.Tests.csproj; do
  project_start=$SECONDS
  note "$(date -u +%H:%M:%S) $(basename "$project" .csproj) (suite at $((SECONDS - suite_start)) s)"
  # A test that hangs fails its assembly after 15 minutes (longer than the longest test) and is named in the output.
  dotnet test "$project" -c Release --no-build --nologo --blame-hang-timeout 15m --blame-hang-dump-type none 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  durations+="$(basename "$project" .csproj) $((SECONDS - project_start)) s"$'\n'
done
set -e

passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)); passed=$((passed + p)); skipped=$((skipped + s))
done < <(sed -nE 's/.*Failed:[[:space:]]+([0-9]+), Passed:[[:space:]]+([0-9]+), Skipped:[[:space:]]+([0-9]+).*/\1 \2 \3/p' "$log")
assemblies=$(grep -cE '^(Passed|Failed)!' "$log" || true)

left_ids=$(comm -13 <(echo "$managed_before") <(docker ps -aq --no-trunc --filter label=net.openwhisk.managed=true | sort) | sed '/^$/d')
leftovers=$(echo -n "$left_ids" | grep -c . || true)

step "Summary"
# How long each assembly took, so that a slow CI run says where its time went.
while read -r line; do [ -z "$line" ] || note "$line"; done <<< "$durations"
note "whole suite: $((SECONDS - suite_start)) s"
note "now: $(df -h --output=avail / | tail -1 | tr -d ' ') free on /; Docker $(timeout 30 docker info --format '{{.ContainersRunning}} containers running' 2>/dev/null || echo 'not answering within 30 s')"
note "test assemblies: $assemblies"
note "containers left behind: $leftovers"
echo "$passed passed, $failed failed, $skipped skipped"
# The names of the failed tests, so that the tail of a CI log says which ones failed.
failed_names=$(sed -nE 's/^[[:space:]]+Failed (.+) \[[^]]*\]$/\1/p' "$log" | sort -u)
if [ -n "$failed_names" ]; then
  echo "Failed tests:" >&2
  echo "$failed_names" | sed 's/^/  /' >&2
fi
if [ "$leftovers" -ne 0 ]; then
  echo "Containers of the platform were left behind:" >&2
  for id in $left_ids; do docker ps -a --filter "id=$id" --format '{{.ID}}  {{.Image}}  {{.Status}}  {{.Names}}' >&2; done
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  echo "Tests failed (dotnet test exit code $status)." >&2
  exit 1
fi
