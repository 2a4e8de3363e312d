#!/bin/bash
# Runs a Kafka Connect worker in distributed mode and, once its REST API answers, creates or updates
# every connector described by a <name>.json file (the connector's configuration map) in
# $CONNECTORS_DIR with PUT /connectors/<name>/config. Touches /tmp/connectors-registered when all
# were accepted, which the container health check (healthcheck.sh) waits for. Then, every
# $RESTART_CHECK_SECONDS (default 10), it restarts failed connectors and tasks (POST
# /connectors/<name>/restart?includeTasks=true&onlyFailed=true), waiting twice as long after each
# round that still found failures, at most $RESTART_BACKOFF_MAX_SECONDS (default 300): Apache Kafka's
# Connect never restarts a FAILED task by itself.
set -uo pipefail

worker_config="${1:-/opt/sync/worker.properties}"
connectors_dir="${CONNECTORS_DIR:-/opt/sync/connectors}"
rest="${CONNECT_REST_URL:-http://localhost:8083}"
marker=/tmp/connectors-registered
rm -f "$marker"

/opt/kafka/bin/connect-distributed.sh "$worker_config" &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null; wait "$worker"; exit $?' TERM INT

until curl -fsS "$rest/connectors" > /dev/null 2>&1; do
  if ! kill -0 "$worker" 2>/dev/null; then
    echo "start-connect: the Connect worker exited before its REST API came up" >&2
    wait "$worker"
    exit 1
  fi
  sleep 2
done

failed=0
for file in "$connectors_dir"/*.json; do
  [ -e "$file" ] || continue
  name="$(basename "$file" .json)"
  while true; do
    status=$(curl -sS -o /tmp/connector-response -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
      --data @"$file" "$rest/connectors/$name/config")
    case "$status" in
      2??) echo "start-connect: connector $name configured from $file"; break ;;
      4??) echo "start-connect: connector $name rejected (HTTP $status): $(cat /tmp/connector-response)" >&2; failed=1; break ;;
      *) echo "start-connect: configuring connector $name failed (HTTP $status); retrying in 5 s" >&2; sleep 5 ;;
    esac
  done
done
if [ "$failed" -eq 0 ]; then
  touch "$marker"
fi

restart_failed() {
  local check="${RESTART_CHECK_SECONDS:-10}" max="${RESTART_BACKOFF_MAX_SECONDS:-300}" wait restarts=0
  wait="$check"
  while kill -0 "$worker" 2>/dev/null; do
    sleep "$wait"
    local found=0 name
    for name in $(curl -fsS "$rest/connectors" 2>/dev/null | tr -d '[]"' | tr ',' ' '); do
      if curl -fsS "$rest/connectors/$name/status" 2>/dev/null | grep -q '"state":"FAILED"'; then
        found=1
        restarts=$((restarts + 1))
        echo "start-connect: connector $name has failed; restarting what failed (restart $restarts, next check in $wait s)" >&2
        curl -fsS -o /dev/null -X POST "$rest/connectors/$name/restart?includeTasks=true&onlyFailed=true" \
          || echo "start-connect: restarting $name failed" >&2
      fi
    done
    if [ "$found" -eq 1 ]; then
      wait=$((wait * 2 > max ? max : wait * 2))
    else
      wait="$check"
    fi
  done
}
restart_failed &

wait "$worker"
