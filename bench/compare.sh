#!/usr/bin/env bash
# Compares two commits with the quick benchmark in one run, side by side:
#   ./bench/compare.sh BEFORE AFTER [ROUNDS]
# Builds each commit in its own clone under /tmp/ow-compare, then runs `PlatformBench --quick` of each in turns
# (before, after, after, before, ... so that a machine getting slower or faster during the run hurts both alike),
# ROUNDS times each (2 unless given). Prints every scenario's numbers per commit (the mean of its runs, and each run)
# and writes them to bench/results/compare.json. Throughputs are compared as a share of the bare container measured
# in the same benchmark run, not as raw requests per second, and the cost scenarios (journal-cost, metrics-cost) as
# their CPU per activation against their own baseline's.
#   ./bench/compare.sh --summary BEFORE AFTER [ROUNDS]   prints the table again from the runs of the last comparison.
# Needs what bench/run.sh needs (Docker, the runtime images); takes about 15 minutes per benchmark run.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$OW_ROOT"
summary_only=no
if [ "${1:-}" = --summary ]; then summary_only=yes; shift; fi
[ $# -ge 2 ] || die "usage: bench/compare.sh [--summary] BEFORE AFTER [ROUNDS]"
rounds=${3:-2}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, not '$rounds'"
before=$(git rev-parse --short=10 "$1^{commit}") || die "no commit '$1'"
after=$(git rev-parse --short=10 "$2^{commit}") || die "no commit '$2'"
work=/tmp/ow-compare
runs="$work/runs"
if [ "$summary_only" = no ]; then
require_dotnet
ensure_docker
ensure_runtime_images
ensure_packages wrk jq
rm -rf "$runs"
mkdir -p "$runs"

for commit in "$before" "$after"; do
  tree="$work/$commit"
  if [ ! -f "$tree/bench/PlatformBench/bin/Release/net10.0/PlatformBench.dll" ]; then
    step "Building $commit in $tree"
    rm -rf "$tree"
    git clone -q --no-checkout "$OW_ROOT" "$tree"
    git -C "$tree" checkout -q "$commit"
    (cd "$tree" && dotnet build OpenWhisk.sln -c Release --nologo -v quiet -tl:off)
  fi
done

measure() { # commit round
  local tree="$work/$1"
  step "Round $2: $1"
  (cd "$tree" && dotnet bench/PlatformBench/bin/Release/net10.0/PlatformBench.dll --quick)
  cp "$tree/bench/results/latest.json" "$runs/$1-$2.json"
}

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then measure "$before" "$round"; measure "$after" "$round"
  else measure "$after" "$round"; measure "$before" "$round"; fi
done
fi

# One row per scenario and metric: the mean of each commit's runs and the runs themselves.
jq -s --arg before "$before" --arg after "$after" --argjson rounds "$rounds" '
  def cost: .scenario | endswith("-cost");
  def metrics: {
      "p50 ms": (if cost then null else .p50Ms end), "p99 ms": .p99Ms,
      "% of baseline CPU": (if cost then 100 * .p50Ms / .baselineP50Ms else null end),
      "% of baseline rps": (if (.scenario | test("^throughput")) or cost then 100 * .rps / .baselineRps else null end),
      "rss MB": .rssMb, "us per activation": .usPerActivation, "max deviation %": .maxDeviationPct,
      "KB allocated per activation": .runtime?.allocKbPerActivation,
      "work items per activation": .runtime?.workItemsPerActivation }
    | with_entries(select(.value != null));
  def mean: if length == 0 then null else add / length end;
  (.[:$rounds]) as $b | (.[$rounds:]) as $a
  | [ $a[0][] | .scenario as $s
      | metrics | keys_unsorted[] as $m
      | { scenario: $s, metric: $m,
          before: [ $b[][] | select(.scenario == $s) | metrics[$m] ],
          after:  [ $a[][] | select(.scenario == $s) | metrics[$m] ] }
      | select(.before | length > 0)
      | .beforeMean = (.before | mean) | .afterMean = (.after | mean) ]
  | { before: $before, after: $after, rounds: $rounds, rows: . }' \
  $(for r in $(seq 1 "$rounds"); do echo "$runs/$before-$r.json"; done) \
  $(for r in $(seq 1 "$rounds"); do echo "$runs/$after-$r.json"; done) > bench/results/compare.json

step "Side by side: $before (before) and $after (after), $rounds quick runs each, taking turns"
jq -r '
  def r: if . == null then "-" else (. * 100 | round / 100 | tostring) end;
  (["scenario", "metric", "before", "after", "change", "before runs", "after runs"] | @tsv),
  (.rows[] | [ .scenario, .metric, (.beforeMean | r), (.afterMean | r),
     (if .beforeMean == 0 then "-" else ((100 * (.afterMean - .beforeMean) / .beforeMean) | round | tostring) + " %" end),
     (.before | map(r) | join(" ")), (.after | map(r) | join(" ")) ] | @tsv)' bench/results/compare.json | column -t -s $'\t'
note "written to bench/results/compare.json"
