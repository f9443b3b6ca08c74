#!/usr/bin/env bash
# Measures the platform against the physical limit of this machine, in one run, and writes
# bench/results/latest.json (see bench/PlatformBench/Program.cs for the scenarios):
#   ./bench/run.sh           30 s per wrk run (about 10 minutes)
#   ./bench/run.sh --quick   5 s per wrk run (under 5 minutes)
#   ./bench/run.sh --rss     only the memory scenario: a standalone's RSS after 20 000 and 100 000 invocations
#   ./bench/run.sh --journal-cost   only the journal's cost, printed
#   ./bench/run.sh --metrics-cost   only the metrics' cost (on and scraped vs off), printed
#   ./bench/run.sh --dotnet         only the dotnet:10 runtime against the Node.js one (cold and warm), printed
#   ./bench/run.sh --soak [minutes]   only the soak: half of the standalone's capacity for 10 minutes (or the
#                            minutes given), memory, files, threads and containers sampled; writes bench/results/soak.json
# Needs Docker and the runtime images (./test.sh or ./run.sh prepares both); installs wrk if missing.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$OW_ROOT"
require_dotnet
ensure_docker
ensure_runtime_images
ensure_packages wrk

step "Building OpenWhisk.sln (Release)"
dotnet build OpenWhisk.sln -c Release --nologo -v quiet -tl:off

step "Measuring"
dotnet bench/PlatformBench/bin/Release/net10.0/PlatformBench.dll "$@"
