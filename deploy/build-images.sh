#!/usr/bin/env bash
# Builds the images of the platform's services without any registry, from `dotnet publish` output and the host's
# own .NET runtime and PostgreSQL server:
#   openwhisknet/service-base  openwhisknet/runtime-base (busybox and the host's libc; runtimes/build-images.sh)
#                              plus the .NET runtime and the libraries it loads
#   openwhisknet/controller    OpenWhisk.Controller with its plugins and config/
#   openwhisknet/invoker       OpenWhisk.Invoker with its plugins and config/
#   openwhisknet/kafka-mock    tools/KafkaMock: librdkafka's mock cluster (a stand-in Kafka, in memory only)
#   openwhisknet/postgres      the host's PostgreSQL 15 server
# Images carry a hash of their inputs; unchanged inputs build nothing. Used by deploy/compose.yaml.
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"
cd "$OW_ROOT"
say() { printf '    [services] %s\n' "$*"; }

require_dotnet
ensure_docker
ensure_runtime_images
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pg_bin" ]; then ensure_packages postgresql; pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
pg_version=$(basename "$(dirname "$pg_bin")")
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

say "publishing the controller, the invoker and the Kafka mock"
dotnet publish src/Controller/OpenWhisk.Controller.csproj -c Release -o "$work/controller" --nologo -v quiet -tl:off >/dev/null
dotnet publish src/Invoker/OpenWhisk.Invoker.csproj -c Release -o "$work/invoker" --nologo -v quiet -tl:off >/dev/null
dotnet publish tools/KafkaMock/OpenWhisk.KafkaMock.csproj -c Release -o "$work/kafka-mock" --nologo -v quiet -tl:off >/dev/null

tree_hash() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }
base_inputs=$( { cat deploy/build-images.sh deploy/service-entrypoint.sh scripts/rootfs.sh; docker image inspect --format '{{.Id}}' openwhisknet/runtime-base:latest; ls -R "$dotnet_root/shared"; "$pg_bin/postgres" --version; } | sha256sum | cut -c1-16)
current() { docker image inspect --format '{{ index .Config.Labels "net.openwhisk.inputs" }}' "$1" 2>/dev/null || true; }

rootfs=$work/rootfs
source "$OW_ROOT/scripts/rootfs.sh"

build() {
  local image=$1 context=$2 hash=$3
  if [ "$(current "openwhisknet/$image:latest")" = "$hash" ]; then
    say "openwhisknet/$image is up to date ($hash)"
    return
  fi
  say "building openwhisknet/$image"
  docker build -q -t "openwhisknet/$image:latest" "$context" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
}

# The base: the .NET runtime (host, fxr, the two shared frameworks) and every library its native parts need,
# OpenSSL (loaded at run time) and librdkafka's and SQLite's dependencies included.
if [ "$(current openwhisknet/service-base:latest)" != "$base_inputs" ]; then
  copy_dotnet_runtime "$dotnet_root"
  # iptables, with which an invoker keeps action containers away from the host (Docker:BlockHostAccess); the
  # container needs the host's network and NET_ADMIN for it (deploy/compose.yaml gives both).
  ensure_packages iptables
  iptables_real=$(readlink -f "$(command -v iptables)")
  copy_with_libraries "$iptables_real"
  mkdir -p "$rootfs/usr/bin" "$rootfs/run"
  ln -sf "$iptables_real" "$rootfs/usr/bin/iptables"
  ln -sf "$iptables_real" "$rootfs/usr/bin/ip6tables"
  xtables=$(readlink -f "$(dirname "$(ldconfig -p | awk '$1 == "libxtables.so.12" && !found { print $NF; found = 1 }')")/xtables")
  if [ -d "$xtables" ]; then
    while read -r module; do copy_with_libraries "$module"; done < <(find "$xtables" -name '*.so')
  fi
  while read -r native; do copy_with_libraries "$native"; done < <(find "$work/controller" "$work/invoker" "$work/kafka-mock" -path '*linux-x64/native/*.so')
  mkdir -p "$rootfs/app"
  cat > "$work/Dockerfile" <<DOCKERFILE
FROM openwhisknet/runtime-base:latest
COPY rootfs/ /
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
LABEL net.openwhisk.inputs="$base_inputs"
DOCKERFILE
  build service-base "$work" "$base_inputs"
else
  say "openwhisknet/service-base is up to date ($base_inputs)"
fi

service_image() {
  local image=$1 assembly=$2 folder=$3
  local context=$work/image-$image
  mkdir -p "$context"
  cp -r "$folder" "$context/app"
  cp deploy/service-entrypoint.sh "$context/entrypoint.sh"
  local hash
  hash=$( { echo "$base_inputs"; tree_hash "$context"; } | sha256sum | cut -c1-16)
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM openwhisknet/service-base:latest
COPY app/ /app/
COPY entrypoint.sh /entrypoint.sh
ENV SERVICE_ASSEMBLY=$assembly
WORKDIR /app
ENTRYPOINT ["/bin/sh", "/entrypoint.sh"]
LABEL net.openwhisk.inputs="$hash"
DOCKERFILE
  build "$image" "$context" "$hash"
}

service_image controller OpenWhisk.Controller.dll "$work/controller"
service_image invoker OpenWhisk.Invoker.dll "$work/invoker"
service_image kafka-mock OpenWhisk.KafkaMock.dll "$work/kafka-mock"

# PostgreSQL: the host's server binaries with their libraries, extensions (no JIT) and share files.
pg_context=$work/image-postgres
rootfs=$pg_context/rootfs
mkdir -p "$rootfs/usr/share/zoneinfo" "$rootfs/var/lib/postgresql/data"
for binary in postgres initdb pg_isready; do copy_with_libraries "$pg_bin/$binary"; done
while read -r module; do copy_with_libraries "$module"; done < <(find "/usr/lib/postgresql/$pg_version/lib" -maxdepth 1 -name '*.so' ! -name 'llvmjit*')
mkdir -p "$rootfs/usr/share/postgresql"
cp -r "/usr/share/postgresql/$pg_version" "$rootfs/usr/share/postgresql/"
rm -rf "$rootfs/usr/share/postgresql/$pg_version/man"
cp -L /usr/share/zoneinfo/UTC "$rootfs/usr/share/zoneinfo/UTC"
cp deploy/postgres-entrypoint.sh "$pg_context/entrypoint.sh"
pg_hash=$( { echo "$pg_version"; tree_hash "$pg_context"; } | sha256sum | cut -c1-16)
cat > "$pg_context/Dockerfile" <<DOCKERFILE
FROM openwhisknet/runtime-base:latest
COPY rootfs/ /
COPY entrypoint.sh /entrypoint.sh
RUN echo 'postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh' >> /etc/passwd \\
 && echo 'postgres:x:999:' >> /etc/group \\
 && /bin/busybox chown -R 999:999 /var/lib/postgresql \\
 && /bin/busybox chmod 700 /var/lib/postgresql/data
ENV TZ=UTC PGTZ=UTC PG_BIN=$pg_bin
USER 999
ENTRYPOINT ["/bin/sh", "/entrypoint.sh"]
LABEL net.openwhisk.inputs="$pg_hash"
DOCKERFILE
build postgres "$pg_context" "$pg_hash"
say "done: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'openwhisknet/(controller|invoker|kafka-mock|postgres|service-base)' | tr '\n' ' ')"
