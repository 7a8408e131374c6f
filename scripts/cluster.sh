#!/usr/bin/env bash
# A whole EmoTune cluster on this machine, all on loopback with private data folders: PostgreSQL, Redis, three
# replicas (emotune serve) and the gateway (emotune gateway) on http://127.0.0.1:5080. No system service is used.
#   bash scripts/cluster.sh up       start (or finish starting) everything; waits until the gateway has healthy replicas
#   bash scripts/cluster.sh status   each part: running or not, and its health
#   bash scripts/cluster.sh down     stop everything (data kept; add --purge to delete it)
# Settings (environment): EMOTUNE_CLUSTER_DIR (default /tmp/emotune-cluster), EMOTUNE_CLUSTER_REPLICAS (3),
# EMOTUNE_GATEWAY_PORT (5080; replicas on the next ports), EMOTUNE_PG_PORT (55432), EMOTUNE_REDIS_PORT (56379),
# EMOTUNE_REPLICA_ARGS (more settings for every replica, e.g. "--Web:MaxWebSocketsPerClient=16" for benchmarks).
# docs/DEPLOYMENT.md describes the same layout on several machines.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$(pwd)"
dir="${EMOTUNE_CLUSTER_DIR:-/tmp/emotune-cluster}"
replicas="${EMOTUNE_CLUSTER_REPLICAS:-3}"
gateway_port="${EMOTUNE_GATEWAY_PORT:-5080}"
pg_port="${EMOTUNE_PG_PORT:-55432}"
redis_port="${EMOTUNE_REDIS_PORT:-56379}"
emotune="$repo/src/EmoTune.Cli/bin/Debug/net10.0/emotune"
connection="Host=127.0.0.1;Port=$pg_port;Database=emotune;Username=postgres"

pg_bin() {
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bin/initdb" ] || { echo "cluster: PostgreSQL is not installed: run scripts/bootstrap.sh" >&2; exit 1; }
  echo "$bin"
}

# PostgreSQL refuses to run as root: as root its commands run as the postgres user, which owns $dir/pg.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 4; i++)); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.25; done
  return 1
}

up() {
  command -v redis-server >/dev/null || { echo "cluster: redis-server is not installed: run scripts/bootstrap.sh" >&2; exit 1; }
  mkdir -p "$dir"
  local bin; bin="$(pg_bin)"
  if [ ! -x "$emotune" ]; then
    echo "cluster: building emotune"
    dotnet build src/EmoTune.Cli -clp:ErrorsOnly --verbosity quiet
  fi

  if [ ! -d "$dir/pg/data" ]; then
    mkdir -p "$dir/pg"; [ "$(id -u)" -eq 0 ] && chown postgres "$dir/pg"
    as_pg "$bin/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --locale=C >/dev/null
  fi
  if ! as_pg "$bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/postgres.log" -w \
      -o "-p $pg_port -k $dir/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  fi
  "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'emotune'" | grep -q 1 \
    || "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE emotune" >/dev/null
  echo "cluster: PostgreSQL on 127.0.0.1:$pg_port ($dir/pg)"

  # Redis keeps the Data Protection key ring: append-only file on, so a restart keeps every sign-in cookie valid.
  mkdir -p "$dir/redis"
  if ! alive "$dir/redis/redis.pid"; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --save '' \
      --daemonize yes --pidfile "$dir/redis/redis.pid" --logfile "$dir/redis/redis.log"
    for _ in $(seq 40); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.25; done
  fi
  echo "cluster: Redis on 127.0.0.1:$redis_port ($dir/redis)"

  local i port args=()
  for ((i = 1; i <= replicas; i++)); do
    port=$((gateway_port + i))
    args+=(--replica "http://127.0.0.1:$port")
    mkdir -p "$dir/replica$i"
    if ! alive "$dir/replica$i/pid"; then
      nohup "$emotune" serve --urls "http://127.0.0.1:$port" \
        "--Music:DatabasePath=$dir/replica$i/emotune.db" \
        --Storage:Provider=postgres "--Storage:ConnectionString=$connection" \
        "--Redis:Configuration=127.0.0.1:$redis_port" \
        --Web:RequireSignIn=true ${EMOTUNE_REPLICA_ARGS:-} \
        >"$dir/replica$i/log" 2>&1 &
      echo $! >"$dir/replica$i/pid"
    fi
  done
  if ! alive "$dir/gateway.pid"; then
    nohup "$emotune" gateway --urls "http://127.0.0.1:$gateway_port" "${args[@]}" >"$dir/gateway.log" 2>&1 &
    echo $! >"$dir/gateway.pid"
  fi
  for ((i = 1; i <= replicas; i++)); do
    port=$((gateway_port + i))
    wait_http "http://127.0.0.1:$port/health" 120 || { echo "cluster: replica $i did not become healthy; see $dir/replica$i/log" >&2; exit 1; }
    echo "cluster: replica $i on http://127.0.0.1:$port ($dir/replica$i, pid $(cat "$dir/replica$i/pid"))"
  done
  wait_http "http://127.0.0.1:$gateway_port/gateway/health" 30 || { echo "cluster: the gateway has no healthy replica; see $dir/gateway.log" >&2; exit 1; }
  echo "cluster: gateway on http://127.0.0.1:$gateway_port (pid $(cat "$dir/gateway.pid"); open it in a browser)"
}

status() {
  local bin i port code=0
  bin="$(pg_bin)"
  if [ -d "$dir/pg/data" ] && as_pg "$bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1; then
    echo "postgres  running  127.0.0.1:$pg_port"; else echo "postgres  stopped"; code=1; fi
  if alive "$dir/redis/redis.pid"; then echo "redis     running  127.0.0.1:$redis_port"; else echo "redis     stopped"; code=1; fi
  for ((i = 1; i <= replicas; i++)); do
    port=$((gateway_port + i))
    if alive "$dir/replica$i/pid"; then
      echo "replica$i  running  http://127.0.0.1:$port  $(curl -sS "http://127.0.0.1:$port/health" 2>&1 || true)"
    else echo "replica$i  stopped"; code=1; fi
  done
  if alive "$dir/gateway.pid"; then
    echo "gateway   running  http://127.0.0.1:$gateway_port  $(curl -sS "http://127.0.0.1:$gateway_port/gateway/health" 2>&1 || true)"
  else echo "gateway   stopped"; code=1; fi
  return $code
}

stop_pid() { # pid file
  if alive "$1"; then
    local pid; pid="$(cat "$1")"
    kill "$pid"
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$1"
}

down() {
  local i
  stop_pid "$dir/gateway.pid"
  for ((i = 1; i <= replicas; i++)); do stop_pid "$dir/replica$i/pid"; done
  stop_pid "$dir/redis/redis.pid"
  if [ -d "$dir/pg/data" ]; then
    local bin; bin="$(pg_bin)"
    as_pg "$bin/pg_ctl" -D "$dir/pg/data" status >/dev/null 2>&1 && as_pg "$bin/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null
  fi
  if [ "${1:-}" = "--purge" ]; then rm -rf "$dir"; echo "cluster: stopped, $dir deleted"; else echo "cluster: stopped (data kept in $dir)"; fi
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down "${2:-}" ;;
  *) echo "usage: bash scripts/cluster.sh up|status|down [--purge]" >&2; exit 2 ;;
esac
