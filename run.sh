#!/usr/bin/env bash
# Sets up what is missing (Docker engine, action runtime images, the build) and runs OpenWhisk.NET in the
# foreground on http://127.0.0.1:3233 with OpenWhisk's default guest key. Ctrl-C (or SIGTERM) stops it and removes
# its containers.
#
#   ./run.sh                                 standalone: controller and invoker in one process
#   ./run.sh --distributed [--invokers 2]    a controller and N invokers as separate processes over Kafka
#   ./run.sh --swarm                         action containers as Docker Swarm services (either mode); a one-node
#                                            swarm is initialized if the engine is in none, and left again on exit
#
# Distributed mode uses the Kafka at $OW_KAFKA_BOOTSTRAP, or else a local mock cluster (librdkafka's, in a helper
# process); PostgreSQL when $OW_POSTGRES holds a connection string, or else the shared SQLite file
# ./data/openwhisk.db. Each process's pid goes to ./data/run/<name>.pid and its output to ./data/run/<name>.log.
# Other arguments go to the controller, for example: ./run.sh --port 3234
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$OW_ROOT"

port=3233
mode=standalone
factory=docker
invoker_count=2
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    --distributed) mode=distributed; shift ;;
    --invokers) invoker_count=$2; shift 2 ;;
    --swarm) factory=swarm; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ "$invoker_count" =~ ^[1-9][0-9]*$ ]] || die "--invokers needs a positive number"

require_dotnet
ensure_docker
ensure_runtime_images
factory_args=()
if [ "$factory" = swarm ]; then
  ensure_swarm
  trap leave_swarm_if_initialized EXIT
  factory_args=(--Spi:ContainerFactory=swarm)
fi

guest_key=23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP
url="http://127.0.0.1:$port"
bin=bin/Release/net10.0
run_dir=data/run
names=()
pids=()

# Starts a process in the background, its output prefixed with its name on the terminal and kept in data/run.
launch() {
  local name=$1; shift
  "$@" > >(sed -u "s/^/[$name] /" | tee "$run_dir/$name.log") 2>&1 &
  local pid=$!
  echo "$pid" > "$run_dir/$name.pid"
  names+=("$name")
  pids+=("$pid")
}

# The container owners this run's processes use (see the invokers' --Invoker:UniqueName and --id below, and the
# direct balancer's default owner).
owners() {
  if [ "$mode" = standalone ]; then
    echo wsk0 wskdirect0
  else
    for ((i = 0; i < invoker_count; i++)); do echo "wsk$i$i"; done
    echo wskdirect0
  fi
}

# Removes containers (or swarm services) these owners left behind: those of a process that was killed or crashed
# and could not remove its own.
remove_leftovers() {
  local owner
  for owner in $(owners); do
    if [ "$factory" = swarm ]; then
      docker service ls -q --filter "label=net.openwhisk.owner=$owner" 2>/dev/null | xargs -r docker service rm >/dev/null 2>&1 || true
    fi
    docker ps -aq --filter "label=net.openwhisk.owner=$owner" 2>/dev/null | xargs -r docker rm -f -v >/dev/null 2>&1 || true
  done
}

stop() {
  trap - INT TERM
  printf '\nStopping OpenWhisk.NET (removing its containers)...\n'
  # Invokers first (they remove their containers), then the controller, then Kafka.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
    rm -f "$run_dir/${names[$i]}.pid"
  done
  remove_leftovers
  leave_swarm_if_initialized
  exit "${1:-0}"
}

wait_for() {
  local what=$1 probe=$2
  for _ in $(seq 1 180); do
    if eval "$probe" >/dev/null 2>&1; then return 0; fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "A process exited while waiting for $what; see $run_dir/*.log" >&2; stop 1; }
    done
    sleep 0.5
  done
  echo "$what did not come up within 90 s; see $run_dir/*.log" >&2
  stop 1
}

mkdir -p "$run_dir"
trap stop INT TERM
if [ "$mode" = standalone ]; then
  step "Building the platform (Release)"
  dotnet build src/Standalone/OpenWhisk.Standalone.csproj -c Release --nologo -v quiet -tl:off
  step "Starting OpenWhisk.NET (standalone: controller + invoker, $factory containers, SQLite store in ./data)"
  launch standalone dotnet "src/Standalone/$bin/OpenWhisk.Standalone.dll" --port "$port" "${factory_args[@]}" "${args[@]}"
  wait_for "the platform" "curl -fs $url/ping"
else
  step "Building the controller, the invoker and the Kafka mock (Release)"
  dotnet build src/Controller/OpenWhisk.Controller.csproj -c Release --nologo -v quiet -tl:off
  dotnet build src/Invoker/OpenWhisk.Invoker.csproj -c Release --nologo -v quiet -tl:off
  common=()
  if [ -n "${OW_KAFKA_BOOTSTRAP:-}" ]; then
    bootstrap=$OW_KAFKA_BOOTSTRAP
    note "Kafka: $bootstrap"
  else
    dotnet build tools/KafkaMock/OpenWhisk.KafkaMock.csproj -c Release --nologo -v quiet -tl:off
    topics="completed0,health"
    for ((i = 0; i < invoker_count; i++)); do topics="$topics,invoker$i"; done
    rm -f "$run_dir/kafka.bootstrap"
    step "Starting a local Kafka mock cluster (set OW_KAFKA_BOOTSTRAP to use a real Kafka)"
    launch kafka-mock dotnet "tools/KafkaMock/$bin/OpenWhisk.KafkaMock.dll" --topics "$topics" --bootstrap-file "$run_dir/kafka.bootstrap"
    wait_for "the Kafka mock" "test -s $run_dir/kafka.bootstrap"
    bootstrap=$(cat "$run_dir/kafka.bootstrap")
    # The mock holds an empty fetch for the full wait, so keep it short; it allows short group sessions; and it
    # waits max.poll.interval for group members lost in an outage, so keep that short too.
    common+=(--Kafka:FetchWaitMaxMs=10 --Kafka:SessionTimeoutMs=2000 --Kafka:HeartbeatIntervalMs=200
      --Kafka:MaxPollIntervalMs=10000 --Kafka:RejoinTimeoutMs=8000)
  fi
  common+=("--Kafka:BootstrapServers=$bootstrap")
  if [ -n "${OW_POSTGRES:-}" ]; then
    # From the environment, not the command line: a password there would be readable by every user (ps).
    export ConnectionStrings__Postgres="$OW_POSTGRES"
    common+=(--Spi:ArtifactStore=postgres --Spi:ActivationStore=postgres)
    store="PostgreSQL"
  else
    common+=("--Stores:Sqlite:Path=$OW_ROOT/data/openwhisk.db")
    store="SQLite (./data/openwhisk.db, shared)"
  fi
  step "Starting controller0 and $invoker_count invoker(s); store: $store"
  # A development cluster: the well-known guest key, which a production controller does not create.
  launch controller0 dotnet "src/Controller/$bin/OpenWhisk.Controller.dll" --role controller --port "$port" \
    --Controller:BootstrapDefaultIdentities=true "${common[@]}" "${args[@]}"
  wait_for "controller0" "curl -fs $url/ping"
  for ((i = 0; i < invoker_count; i++)); do
    launch "invoker$i" dotnet "src/Invoker/$bin/OpenWhisk.Invoker.dll" --id "$i" --port "$((8085 + i))" \
      "--Invoker:UniqueName=$i" "--Api:Host=http://127.0.0.1:$port" "${common[@]}" "${factory_args[@]}"
  done
  wait_for "the invokers" "curl -fs $url/invokers/ready"
fi

cat <<BANNER

  OpenWhisk.NET ($mode, $factory containers) is running on $url
$( [ "$mode" = distributed ] && printf '  Invokers: %s   (pids and logs in ./%s)\n' "$(curl -fs "$url/invokers")" "$run_dir" )

  The guest namespace's key (OpenWhisk's well-known default):
    $guest_key

  Try it:
    export AUTH=$guest_key
    curl -u \$AUTH -X PUT $url/api/v1/namespaces/_/actions/hello -H 'Content-Type: application/json' \\
      -d '{"exec": {"kind": "nodejs:20", "code": "function main(p) { return {greeting: \"hello \" + (p.name || \"world\")}; }"}}'
    curl -u \$AUTH -X POST "$url/api/v1/namespaces/_/actions/hello?blocking=true&result=true" \\
      -H 'Content-Type: application/json' -d '{"name": "you"}'
    curl -u \$AUTH -X POST "$url/api/v1/namespaces/whisk.system/actions/utils/sort?blocking=true&result=true" \\
      -H 'Content-Type: application/json' -d '{"lines": ["pear", "apple"]}'     # the shared utils catalog

  With the wsk CLI:  wsk property set --apihost $url --auth \$AUTH
  In a browser:      $url/console/  (sign in with the key above; the whisk.system key also shows the Pool page)
  Press Ctrl-C to stop; its containers are removed.

BANNER

# The first process ended on its own (Ctrl-C and SIGTERM go through stop): stop the rest with its exit code.
code=0
wait "${pids[0]}" || code=$?
stop "$code"
