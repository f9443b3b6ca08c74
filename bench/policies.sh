#!/usr/bin/env bash
# Compares the pool's scheduling policies (openwhisk, adaptive) in the pool simulator on virtual time, and writes
# bench/results/policies.json: the periodic-bursty workload (100 actions, 12 hours) and the Azure Functions 2019-shaped
# sample trace (100 functions, 24 hours), each with 32 GB of pool memory (the workload fits: the policies' keep-alive
# decides) and with 8 GB (evictions decide too). Prints, per case, adaptive's cold starts and memory as shares of
# openwhisk's in the same run, and each policy's mean cost per decision. Takes about a minute; needs no Docker.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$OW_ROOT"
require_dotnet

step "Building the pool simulator (Release)"
dotnet build bench/PoolSimulator -c Release --nologo -v quiet -tl:off

simulator=bench/PoolSimulator/bin/Release/net10.0/PoolSimulator.dll
trace=bench/PoolSimulator/traces/azure-functions-2019-sample.csv
out=bench/results/policies.json
mkdir -p bench/results
{
  echo "["
  first=1
  for memory in 32768 8192; do
    for workload in periodic-bursty azure-sample; do
      if [ "$workload" = azure-sample ]; then args=(--trace "$trace"); else args=(--workload periodic-bursty); fi
      step "Simulating $workload with $memory MB" >&2
      result=$(dotnet "$simulator" --compare openwhisk,adaptive --user-memory "$memory" "${args[@]}")
      [ $first = 1 ] || echo ","
      first=0
      printf '{"workload": "%s", "userMemoryMb": %s, "policies": %s}\n' "$workload" "$memory" "$result"
    done
  done
  echo "]"
} > "$out.tmp"
mv "$out.tmp" "$out"

python3 - "$out" <<'PY'
import json, sys
cases = json.load(open(sys.argv[1]))
print(f"{'workload':16} {'memory':>7} {'cold ow':>8} {'cold ad':>8} {'cold ratio':>10} {'MB·s ratio':>10} {'µs/decision ow/ad':>18}")
for case in cases:
    ow, ad = case["policies"]
    print(f"{case['workload']:16} {case['userMemoryMb']:>7} {ow['coldStarts']:>8} {ad['coldStarts']:>8} {ad['coldStartsVsFirst']:>10.3f} {ad['memoryVsFirst']:>10.3f} {ow['meanDecisionMicros']:>8.2f} / {ad['meanDecisionMicros']:<6.2f}")
PY
echo "wrote $out"
