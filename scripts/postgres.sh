#!/usr/bin/env bash
# Throwaway PostgreSQL servers for tests, on 127.0.0.1 only.
#   scripts/postgres.sh start DIR PORT   create (if needed) and start a server with its data in DIR
#   scripts/postgres.sh stop DIR         stop it cleanly
#   scripts/postgres.sh kill DIR         stop it at once, as a crash would
#   scripts/postgres.sh remove DIR       stop it and delete DIR
# Prints the connection string on start. As root, the server runs as the system user 'owpostgres' (initdb
# refuses to run as root). Installs Debian's postgresql package when no initdb is found.
set -euo pipefail
command=${1:?usage: postgres.sh start|stop|kill|remove DIR [PORT]}
dir=${2:?missing DIR}

find_bin() {
  local initdb
  initdb=$(command -v initdb 2>/dev/null || true)
  if [ -z "$initdb" ]; then
    initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 || true)
  fi
  if [ -z "$initdb" ]; then
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
      initdb=$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)
    else
      echo "PostgreSQL (initdb, pg_ctl) is required" >&2
      exit 1
    fi
  fi
  dirname "$(readlink -f "$initdb")"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    id owpostgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin owpostgres
    runuser -u owpostgres -- "$@"
  else
    "$@"
  fi
}

bin=$(find_bin)
case "$command" in
  start)
    port=${3:?missing PORT}
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && { as_owner true; chown owpostgres "$dir"; }
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null \
      || { tail -20 "$dir/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  kill)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  remove)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "unknown command $command" >&2
    exit 2
    ;;
esac
