# Shell functions that assemble an image's root filesystem from the host's own files (no registry is reachable).
# Sourced by runtimes/build-images.sh and deploy/build-images.sh; both set $rootfs to the folder being filled.

# Copies each file and every library it links (as ldd lists them) to the same path under $rootfs.
copy_with_libraries() {
  local file
  for file in "$@"; do
    mkdir -p "$rootfs$(dirname "$file")"
    [ -e "$rootfs$file" ] || cp -L "$file" "$rootfs$file"
    copy_libraries_of "$file"
  done
}

# Copies every library that each file links (as ldd lists them), not the files themselves, to the same path under $rootfs.
copy_libraries_of() {
  local file lib
  for file in "$@"; do
    for lib in $(ldd "$file" 2>/dev/null | awk '/=>/ { print $3 } /^[ \t]*\// { print $1 }'); do
      [ -e "$lib" ] && [ ! -e "$rootfs$lib" ] || continue
      mkdir -p "$rootfs$(dirname "$lib")"
      cp -L "$lib" "$rootfs$lib"
    done
  done
}

# Copies the host's .NET runtime from $1 (the dotnet root): the host, fxr, both shared frameworks, every library
# their native parts link, and what they load at run time, which ldd does not list: OpenSSL and GSSAPI (which
# Npgsql probes for); with the CA certificates, so that HTTPS works inside.
copy_dotnet_runtime() {
  local dotnet_root=$1 native dynamic path
  mkdir -p "$rootfs/usr/share/dotnet/shared"
  cp -L "$dotnet_root/dotnet" "$rootfs/usr/share/dotnet/dotnet"
  cp -r "$dotnet_root/host" "$rootfs/usr/share/dotnet/"
  cp -r "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$rootfs/usr/share/dotnet/shared/"
  copy_with_libraries "$dotnet_root/dotnet"
  while read -r native; do copy_with_libraries "$native"; done < <(find "$dotnet_root/host" "$dotnet_root/shared" -name '*.so')
  for dynamic in libssl.so.3 libcrypto.so.3 libgssapi_krb5.so.2; do
    path=$(ldconfig -p | awk -v n="$dynamic" '$1 == n && /x86-64|64bit/ && !found { print $NF; found = 1 }')
    if [ -n "$path" ]; then copy_with_libraries "$path"; fi
  done
  if [ -d /etc/ssl/certs ]; then
    mkdir -p "$rootfs/etc/ssl"
    cp -rL /etc/ssl/certs "$rootfs/etc/ssl/" 2>/dev/null || true
  fi
}
