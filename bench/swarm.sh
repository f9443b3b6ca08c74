#!/usr/bin/env bash
# Measures the Swarm container factory in one run (see bench/SwarmBench/Program.cs): cold start against the bare
# `docker service create` -> first /run sequence, warm /run against the Docker factory's container.
#   ./bench/swarm.sh [cold runs, default 10] [warm runs, default 3000]
# Initializes a one-node swarm if the engine is in none, and leaves it again afterwards.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$OW_ROOT"
require_dotnet
ensure_docker
ensure_runtime_images
ensure_swarm
trap leave_swarm_if_initialized EXIT

step "Building the Swarm benchmark (Release)"
dotnet build bench/SwarmBench/SwarmBench.csproj -c Release --nologo -v quiet -tl:off

step "Measuring"
dotnet bench/SwarmBench/bin/Release/net10.0/SwarmBench.dll "$@"
