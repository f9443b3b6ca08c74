# Shared helpers for run.sh, test.sh and .ci/run. Source it; do not run it.

OW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly when we are root, through sudo otherwise).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH"
}

# Installs Debian packages that are missing (one apt-get update per run).
apt_updated=no
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  step "Installing ${missing[*]}"
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Makes sure a Docker engine runs: installs docker.io when dockerd is missing and starts it in the background.
ensure_docker() {
  if ! command -v dockerd >/dev/null 2>&1; then
    ensure_packages docker.io
  fi
  if docker info >/dev/null 2>&1; then
    return 0
  fi
  step "Starting the Docker engine"
  as_root sh -c 'setsid dockerd >/var/log/openwhisk-dockerd.log 2>&1 < /dev/null &'
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && { note "dockerd is up"; return 0; }
    sleep 0.5
  done
  die "dockerd did not start; see /var/log/openwhisk-dockerd.log"
}

# Makes the local engine a one-node Docker Swarm advertising 127.0.0.1, unless it already is in a swarm; remembers
# whether it did, so that leave_swarm_if_initialized restores the engine as it was.
OW_SWARM_INITIALIZED=0
ensure_swarm() {
  local state
  state=$(docker info --format '{{.Swarm.LocalNodeState}}')
  if [ "$state" = active ]; then
    note "the engine is already in a swarm; using it"
    return 0
  fi
  step "Initializing a one-node Docker Swarm (left again on exit)"
  docker swarm init --advertise-addr 127.0.0.1 --listen-addr 127.0.0.1:2377 >/dev/null
  OW_SWARM_INITIALIZED=1
}

# Leaves the swarm that ensure_swarm initialized, and removes the bridge network Swarm added.
leave_swarm_if_initialized() {
  if [ "$OW_SWARM_INITIALIZED" = 1 ]; then
    docker swarm leave --force >/dev/null 2>&1 || true
    docker network rm docker_gwbridge >/dev/null 2>&1 || true
    OW_SWARM_INITIALIZED=0
    note "left the one-node swarm"
  fi
}

# Builds the action runtime images (skipped when their inputs did not change).
ensure_runtime_images() {
  # busybox for the base; a JDK and Gson for the java:17 image (dotnet:10 uses the .NET SDK the platform needs anyway).
  ensure_packages busybox-static
  ensure_packages openjdk-17-jdk-headless libgoogle-gson-java || note "OpenJDK 17 or Gson could not be installed: java:17 actions cannot run"
  step "Building the action runtime images"
  "$OW_ROOT/runtimes/build-images.sh"
}

# Prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
  local port
  while true; do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
}
