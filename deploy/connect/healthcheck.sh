#!/bin/bash
# Container health of the Connect worker: healthy only when the connectors were registered and every
# connector and every one of its tasks is RUNNING. A FAILED, PAUSED or UNASSIGNED connector or task, or a
# connector without tasks, makes the container unhealthy (docker compose ps shows it), so a stalled sync
# never looks healthy. start-connect.sh restarts failed connectors and tasks by itself.
set -uo pipefail
rest="${CONNECT_REST_URL:-http://localhost:8083}"
test -f /tmp/connectors-registered || { echo "connectors not registered yet"; exit 1; }
body=$(curl -fsS --max-time 4 "$rest/connectors?expand=status") || { echo "Connect REST API does not answer"; exit 1; }
states=$(printf '%s' "$body" | grep -o '"state":"[A-Z_]*"')
if [ -z "$states" ]; then
  echo "no connectors"
  exit 1
fi
if printf '%s' "$body" | grep -q '"tasks":\[\]'; then
  echo "a connector has no tasks: $body"
  exit 1
fi
if printf '%s\n' "$states" | grep -qv '"state":"RUNNING"'; then
  echo "not every connector and task is RUNNING: $body"
  exit 1
fi
echo "all connectors and tasks RUNNING"
