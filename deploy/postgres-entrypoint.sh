#!/bin/sh
# Runs the host's PostgreSQL server as user postgres on 127.0.0.1:$PGPORT, creating the cluster on first start
# with password authentication ($POSTGRES_PASSWORD) for TCP connections.
set -e
data=/var/lib/postgresql/data
bin=${PG_BIN:?PG_BIN names the server binaries}
if [ ! -s "$data/PG_VERSION" ]; then
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > /tmp/pwfile
  "$bin/initdb" -D "$data" -U postgres --no-locale -E UTF8 --auth-local=trust --auth-host=scram-sha-256 --pwfile=/tmp/pwfile >/tmp/initdb.log 2>&1 \
    || { cat /tmp/initdb.log >&2; exit 1; }
  rm -f /tmp/pwfile
fi
exec "$bin/postgres" -D "$data" -c listen_addresses=127.0.0.1 -c port="${PGPORT:-15432}" -c unix_socket_directories=/tmp
