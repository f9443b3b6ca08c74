#!/usr/bin/env bash
# Sets up what is missing (Docker engine, action runtime images, the build) and runs the standalone platform in
# the foreground on http://127.0.0.1:3233 with OpenWhisk's default guest key. Ctrl-C (or SIGTERM) stops it and
# removes its containers. Extra arguments go to the controller, for example: ./run.sh --port 3234
set -euo pipefail
source "$(dirname "$0")/scripts/common.sh"
cd "$OW_ROOT"

port=3233
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

require_dotnet
ensure_docker
ensure_runtime_images

step "Building the platform (Release)"
dotnet build src/Controller/OpenWhisk.Controller.csproj -c Release --nologo -v quiet -tl:off

guest_key=23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP
url="http://127.0.0.1:$port"
step "Starting OpenWhisk.NET (standalone: controller + invoker, Docker containers, SQLite store in ./data)"
dotnet src/Controller/bin/Release/net10.0/OpenWhisk.Controller.dll --role standalone --port "$port" "${args[@]}" &
platform=$!

stop() {
  trap - INT TERM
  printf '\nStopping OpenWhisk.NET (removing its containers)...\n'
  kill -TERM "$platform" 2>/dev/null || true
  wait "$platform" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

for _ in $(seq 1 120); do
  if curl -fs "$url/ping" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$platform" 2>/dev/null; then wait "$platform"; exit 1; fi
  sleep 0.5
done

cat <<BANNER

  OpenWhisk.NET is running on $url

  The guest namespace's key (OpenWhisk's well-known default):
    $guest_key

  Try it:
    export AUTH=$guest_key
    curl -u \$AUTH -X PUT $url/api/v1/namespaces/_/actions/hello -H 'Content-Type: application/json' \\
      -d '{"exec": {"kind": "nodejs:20", "code": "function main(p) { return {greeting: \"hello \" + (p.name || \"world\")}; }"}}'
    curl -u \$AUTH -X POST "$url/api/v1/namespaces/_/actions/hello?blocking=true&result=true" \\
      -H 'Content-Type: application/json' -d '{"name": "you"}'

  With the wsk CLI:  wsk property set --apihost $url --auth \$AUTH
  Press Ctrl-C to stop; its containers are removed.

BANNER

wait "$platform"
