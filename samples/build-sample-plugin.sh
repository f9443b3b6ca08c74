#!/usr/bin/env bash
# Packs OpenWhisk.Spi and OpenWhisk.Spi.Toolkit into artifacts/packages and builds samples/HelloPlugin against that package (not the
# project) into artifacts/sample-plugins/HelloPlugin, as a plugin author outside this repository would.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dotnet pack "$root/src/Spi" -c Release -o "$root/artifacts/packages" --nologo -v quiet
dotnet pack "$root/src/Spi.Toolkit" -c Release -o "$root/artifacts/packages" --nologo -v quiet
# A separate package cache, so that a rebuilt OpenWhisk.Spi of the same version is not shadowed by a stale copy.
export NUGET_PACKAGES="$root/artifacts/sample-nuget-cache"
rm -rf "$NUGET_PACKAGES/openwhisk.spi" "$NUGET_PACKAGES/openwhisk.spi.toolkit"
dotnet build "$root/samples/HelloPlugin/HelloPlugin.csproj" -c Release --nologo -v quiet \
  -o "$root/artifacts/sample-plugins/HelloPlugin"
echo "built $root/artifacts/sample-plugins/HelloPlugin"
