#!/bin/sh
# Starts a .NET service of the platform. Without Kafka__BootstrapServers (OW_KAFKA_BOOTSTRAP in compose) and with
# KAFKA_BOOTSTRAP_FILE set (the bundled mock cluster writes its ephemeral address there), waits for the file and
# passes the address on as Kafka:BootstrapServers.
set -e
if [ -z "$Kafka__BootstrapServers" ] && [ -n "$KAFKA_BOOTSTRAP_FILE" ]; then
  waited=0
  while [ ! -s "$KAFKA_BOOTSTRAP_FILE" ]; do
    waited=$((waited + 1))
    if [ "$waited" -gt 120 ]; then echo "no Kafka address in $KAFKA_BOOTSTRAP_FILE after 60 s" >&2; exit 1; fi
    sleep 0.5
  done
  Kafka__BootstrapServers=$(cat "$KAFKA_BOOTSTRAP_FILE")
  export Kafka__BootstrapServers
fi
cd /app
exec /usr/share/dotnet/dotnet "/app/$SERVICE_ASSEMBLY" "$@"
