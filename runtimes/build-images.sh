#!/usr/bin/env bash
# Builds the action runtime images without any registry:
#   openwhisknet/runtime-base       a FROM-scratch root filesystem with busybox, Node.js and Python
#   openwhisknet/action-nodejs-v20  the base plus runtimes/nodejs/proxy.js and the npm packages of
#                                   runtimes/nodejs/package.json (the openwhisk client, as OpenWhisk's image has)
#   openwhisknet/action-python-v3   the base plus runtimes/python/proxy.py
#   openwhisknet/action-dotnet-v10  the base plus the host's .NET runtime and the proxy of runtimes/dotnet (dotnet:10)
#   openwhisknet/action-java-v17    the base plus a jlink'ed Java 17 runtime, Gson and the proxy of runtimes/java (java:17)
# The base is assembled from the host's own binaries (node, /usr/bin/python3 and the libraries they link) plus a
# static busybox; when the host lacks them it falls back to debootstrap from the Debian mirror. Images carry a
# hash of their inputs, so a second run with unchanged inputs does nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
say() { printf '    [images] %s\n' "$*"; }

command -v docker >/dev/null || { echo "docker is required" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "the Docker engine is not running" >&2; exit 1; }

node_bin=$(command -v node || true)
python_bin=/usr/bin/python3
busybox_bin=""
for candidate in /bin/busybox /usr/bin/busybox; do
  if [ -x "$candidate" ] && ! ldd "$candidate" >/dev/null 2>&1; then busybox_bin=$candidate; break; fi
done

use_host=yes
node_major=0
if [ -n "$node_bin" ]; then node_major=$("$node_bin" -e 'console.log(process.versions.node.split(".")[0])'); fi
if [ "$node_major" -lt 18 ] || [ ! -x "$python_bin" ] || [ -z "$busybox_bin" ]; then use_host=no; fi

inputs_hash() {
  {
    cat "$here/build-images.sh" "$here/../scripts/rootfs.sh" "$here/nodejs/proxy.js" "$here/nodejs/package-lock.json" "$here/python/proxy.py"
    echo "host=$use_host"
    if [ "$use_host" = yes ]; then "$node_bin" --version; "$python_bin" --version; sha256sum "$busybox_bin"; fi
  } | sha256sum | cut -c1-16
}
hash=$(inputs_hash)

current() { docker image inspect --format '{{ index .Config.Labels "net.openwhisk.inputs" }}' "$1" 2>/dev/null || true; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"

source "$here/../scripts/rootfs.sh"

build_rootfs_from_host() {
  say "assembling the base from host binaries: node $("$node_bin" --version), $("$python_bin" --version)"
  mkdir -p "$rootfs"/{bin,usr/bin,tmp,etc,proxy,root}
  chmod 1777 "$rootfs/tmp"
  cp "$busybox_bin" "$rootfs/bin/busybox"
  for applet in sh ash cat ls mkdir rm cp mv env unzip tar gunzip gzip sleep echo grep sed ps kill head tail wc; do
    ln -s busybox "$rootfs/bin/$applet"
  done
  copy_with_libraries "$node_bin"
  if [ "$node_bin" != /usr/bin/node ]; then mkdir -p "$rootfs/usr/bin"; cp -L "$node_bin" "$rootfs/usr/bin/node"; fi
  local python_real
  python_real=$(readlink -f "$python_bin")
  copy_with_libraries "$python_real"
  ln -sf "$(basename "$python_real")" "$rootfs/usr/bin/python3"
  local version
  version=$("$python_bin" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  local stdlib=/usr/lib/python$version
  say "copying the Python $version standard library"
  mkdir -p "$rootfs$stdlib"
  tar -C "$stdlib" \
    --exclude='./test' --exclude='./idlelib' --exclude='./tkinter' --exclude='./turtledemo' \
    --exclude='./ensurepip' --exclude='./lib2to3' --exclude='./config-*' --exclude='__pycache__' \
    --exclude='./lib-dynload/_test*' --exclude='./lib-dynload/xx*' --exclude='./lib-dynload/_curses*' \
    --exclude='./lib-dynload/readline*' --exclude='./lib-dynload/nis*' --exclude='./lib-dynload/ossaudiodev*' \
    --exclude='./lib-dynload/_dbm*' --exclude='./lib-dynload/_tkinter*' \
    -cf - . | tar -C "$rootfs$stdlib" -xf -
  find "$rootfs$stdlib/lib-dynload" -name '*.so' | while read -r module; do
    copy_with_libraries "${module#"$rootfs"}"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
}

build_rootfs_with_debootstrap() {
  command -v debootstrap >/dev/null || { echo "debootstrap is required when the host has no Node.js >= 18, /usr/bin/python3 and busybox-static" >&2; exit 1; }
  local mirror
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  say "bootstrapping a Debian root filesystem from $mirror (about a minute)"
  debootstrap --variant=minbase --include=nodejs,python3,unzip bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/{doc,man,locale}
  mkdir -p "$rootfs/proxy"
}

build_runtime() {
  local image=$1 source=$2 command=$3 modules=${4:-}
  local context=$work/$image
  mkdir -p "$context/node_modules"
  cp "$source" "$context/"
  if [ -n "$modules" ]; then cp -r "$modules/." "$context/node_modules/"; fi
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM openwhisknet/runtime-base:latest
COPY $(basename "$source") /proxy/$(basename "$source")
COPY node_modules/ /usr/lib/node_modules/
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 NODE_ENV=production NODE_PATH=/usr/lib/node_modules
WORKDIR /proxy
EXPOSE 8080
# The proxy also serves OpenWhisk's protocol on the Unix socket named by __OW_PROXY_SOCKET (Docker:Transport), and
# appends the action's log lines to the file named by __OW_LOG_FILE (Docker:LogTransport).
LABEL net.openwhisk.inputs="$hash" net.openwhisk.transport.unix="true" net.openwhisk.logs.file="true"
CMD $command
DOCKERFILE
  say "building openwhisknet/$image"
  docker build -q -t "openwhisknet/$image:latest" "$context" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
}

# The base and the Node.js and Python images, which share one hash.
build_base_and_scripted_runtimes() {
  if [ "$use_host" = yes ]; then build_rootfs_from_host; else build_rootfs_with_debootstrap; fi
  say "building openwhisknet/runtime-base"
  cat > "$work/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin
LABEL net.openwhisk.inputs="$hash"
DOCKERFILE
  docker build -q -t openwhisknet/runtime-base:latest "$work" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
  say "installing the npm packages of the Node.js image ($(cd "$here/nodejs" && node -e 'const d=require("./package.json").dependencies;console.log(Object.entries(d).map(e=>e.join("@")).join(" "))'))"
  mkdir -p "$work/npm"
  cp "$here/nodejs/package.json" "$here/nodejs/package-lock.json" "$work/npm/"
  (cd "$work/npm" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) || { cat "$work/npm.log" >&2; exit 1; }
  build_runtime action-nodejs-v20 "$here/nodejs/proxy.js" '["node", "/proxy/proxy.js"]' "$work/npm/node_modules"
  build_runtime action-python-v3 "$here/python/proxy.py" '["python3", "/proxy/proxy.py"]'
}

# openwhisknet/action-dotnet-v10: the base plus the host's .NET runtime (both shared frameworks) and the proxy of
# runtimes/dotnet, published here. Its own hash: the base's, the proxy's sources and the host's runtime versions.
build_dotnet_runtime() {
  local dotnet_root=$1 dotnet_hash=$2 context=$work/dotnet
  say "publishing the .NET action proxy"
  dotnet publish "$here/dotnet/OpenWhisk.Runtime.Dotnet.csproj" -c Release -o "$context/proxy" --nologo -v quiet -tl:off >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log" >&2; exit 1; }
  rootfs=$context/rootfs
  copy_dotnet_runtime "$dotnet_root"
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM openwhisknet/runtime-base:latest
COPY rootfs/ /
COPY proxy/ /proxy/dotnet/
# Invariant globalization: the base has no ICU. No diagnostics pipes: the root filesystem is read-only.
ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \\
    DOTNET_EnableDiagnostics=0 DOTNET_TieredPGO=0 DOTNET_gcServer=0
WORKDIR /proxy/dotnet
EXPOSE 8080
LABEL net.openwhisk.inputs="$dotnet_hash" net.openwhisk.transport.unix="true" net.openwhisk.logs.file="true"
CMD ["/usr/share/dotnet/dotnet", "/proxy/dotnet/OpenWhisk.Runtime.Dotnet.dll"]
DOCKERFILE
  say "building openwhisknet/action-dotnet-v10"
  docker build -q -t openwhisknet/action-dotnet-v10:latest "$context" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
}

# openwhisknet/action-java-v17: the base plus a Java runtime cut from the host's JDK with jlink, Gson (the host's
# Debian package, on the class path as OpenWhisk's image has it) and the proxy of runtimes/java, compiled here.
build_java_runtime() {
  local jdk=$1 gson=$2 java_hash=$3 context=$work/java file
  say "compiling the Java action proxy and cutting a Java runtime with jlink"
  mkdir -p "$context/classes" "$context/proxy"
  "$jdk/bin/javac" -d "$context/classes" -cp "$gson" "$here/java/"*.java
  "$jdk/bin/jar" cf "$context/proxy/proxy.jar" -C "$context/classes" .
  cp -L "$gson" "$context/proxy/gson.jar"
  rootfs=$context/rootfs
  mkdir -p "$rootfs/opt"
  "$jdk/bin/jlink" --add-modules java.se,jdk.httpserver,jdk.crypto.ec,jdk.unsupported,jdk.zipfs \
    --strip-debug --no-header-files --no-man-pages --compress=2 --output "$rootfs/opt/java"
  while read -r file; do copy_libraries_of "$file"; done < <(find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \))
  cat > "$context/Dockerfile" <<DOCKERFILE
FROM openwhisknet/runtime-base:latest
COPY rootfs/ /
COPY proxy/ /proxy/java/
WORKDIR /proxy/java
EXPOSE 8080
LABEL net.openwhisk.inputs="$java_hash"
# Connections stay open as long as the platform keeps them (the JDK's server closes idle ones after 30 s otherwise).
CMD ["/opt/java/bin/java", "--add-opens", "java.base/java.util=ALL-UNNAMED", "-Dsun.net.httpserver.idleInterval=86400", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", "-cp", "/proxy/java/proxy.jar:/proxy/java/gson.jar", "net.openwhisk.runtime.java.Proxy"]
DOCKERFILE
  say "building openwhisknet/action-java-v17"
  docker build -q -t openwhisknet/action-java-v17:latest "$context" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
}

if [ "$(current openwhisknet/runtime-base:latest)" = "$hash" ] && [ "$(current openwhisknet/action-nodejs-v20:latest)" = "$hash" ] \
  && [ "$(current openwhisknet/action-python-v3:latest)" = "$hash" ]; then
  say "the Node.js and Python images are up to date ($hash)"
else
  build_base_and_scripted_runtimes
fi

if ! command -v dotnet >/dev/null; then
  say "no .NET SDK here: openwhisknet/action-dotnet-v10 is not built (dotnet:10 actions cannot run)"
else
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  dotnet_hash=$( {
    echo "$hash"
    cat "$here/dotnet/"*.csproj "$here/dotnet/"*.cs "$here/../Directory.Build.props" "$here/../Directory.Build.targets" \
      "$here/../Directory.Packages.props" "$here/../global.json"
    dotnet --version
    ls -R "$dotnet_root/shared"
  } | sha256sum | cut -c1-16)
  if [ "$(current openwhisknet/action-dotnet-v10:latest)" = "$dotnet_hash" ]; then
    say "the .NET image is up to date ($dotnet_hash)"
  else
    build_dotnet_runtime "$dotnet_root" "$dotnet_hash"
  fi
fi
# Java 17 whatever the default java is (alternatives may point at another JDK).
javac_bin=$(ls /usr/lib/jvm/java-17-openjdk-*/bin/javac 2>/dev/null | head -1 || true)
gson_jar=/usr/share/java/gson.jar
if [ -z "$javac_bin" ] || [ ! -e "$gson_jar" ]; then
  say "no JDK 17 or Gson here (openjdk-17-jdk-headless, libgoogle-gson-java): openwhisknet/action-java-v17 is not built"
else
  jdk=$(dirname "$(dirname "$(readlink -f "$javac_bin")")")
  java_hash=$( {
    echo "$hash"
    cat "$here/../scripts/rootfs.sh" "$here/java/"*.java
    sha256sum "$(readlink -f "$gson_jar")"
    "$jdk/bin/java" -version 2>&1
  } | sha256sum | cut -c1-16)
  if [ "$(current openwhisknet/action-java-v17:latest)" = "$java_hash" ]; then
    say "the Java image is up to date ($java_hash)"
  else
    build_java_runtime "$jdk" "$gson_jar" "$java_hash"
  fi
fi
say "done: $(docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep openwhisknet/action | tr '\n' ' ')"
