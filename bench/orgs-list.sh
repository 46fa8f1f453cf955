#!/usr/bin/env bash
# Benchmarks the organisation list (GET /organizations) of Backbone with the
# demo data, on SQLite and on PostgreSQL: binary size, memory at idle, and
# throughput and latency for 50 signed-in clients over 20 s.
#
#   bash bench/orgs-list.sh              # both engines
#   ENGINES=sqlite bash bench/orgs-list.sh
#
# Needs: Go, curl, and for PostgreSQL a server on 127.0.0.1:5432 where the
# user postgres may create databases (createdb/dropdb on PATH).
# See bench/README.md.
set -euo pipefail

cd "$(dirname "$0")/.."

if ! command -v go >/dev/null 2>&1; then
	export PATH="/usr/local/go/bin:$PATH"
fi
command -v curl >/dev/null || { echo "orgs-list: curl is needed" >&2; exit 1; }

ENGINES="${ENGINES:-sqlite postgres}"
CLIENTS="${CLIENTS:-50}"
DURATION="${DURATION:-20s}"
PG_HOST="${PG_HOST:-127.0.0.1}"
PG_PORT="${PG_PORT:-5432}"
PG_USER="${PG_USER:-postgres}"

OUT=bench/out
BIN="$OUT/backbone"
LOAD="$OUT/load"
mkdir -p "$OUT"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/backbone-bench.XXXXXX")"

server_pid=""
pg_db=""

cleanup() {
	if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
		kill -TERM "$server_pid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$server_pid" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$server_pid" 2>/dev/null || true
	fi
	if [ -n "$pg_db" ]; then
		dropdb --if-exists -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$pg_db" </dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

section() {
	printf '\n==== %s ====\n' "$*"
}

# free_port prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
	local port
	for _ in $(seq 1 100); do
		port=$((20000 + RANDOM % 20000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	echo "orgs-list: no free port found" >&2
	return 1
}

rss() {
	awk '/^VmRSS:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"
}

# bench_engine LABEL DB runs the server on DB and measures it.
bench_engine() {
	local label="$1" db="$2" port log base code
	port="$(free_port)"
	log="$TMP/server-$label.log"
	base="http://127.0.0.1:$port"

	section "$label"
	echo "database       $db"
	"$BIN" serve --demo --db "$db" --addr "127.0.0.1:$port" >"$log" 2>&1 &
	server_pid=$!

	# Wait (up to 120 s: --demo loads the demo data first) for /readyz.
	code=""
	for _ in $(seq 1 600); do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			echo "orgs-list: server exited before it was ready; its log:" >&2
			cat "$log" >&2
			server_pid=""
			return 1
		fi
		code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$base/readyz" || true)"
		[ "$code" = 200 ] && break
		sleep 0.2
	done
	if [ "$code" != 200 ]; then
		echo "orgs-list: /readyz did not answer 200 within 120 s (last: ${code:-none}); server log:" >&2
		cat "$log" >&2
		return 1
	fi
	echo "ready          pid $server_pid on $base"

	sleep 5
	echo "RSS at idle    $(rss "$server_pid")"

	"$LOAD" -url "$base" -path /organizations -c "$CLIENTS" -d "$DURATION"
	echo "RSS after load $(rss "$server_pid")"

	# Graceful stop: SIGTERM, then it must exit (within 15 s) with status 0.
	kill -TERM "$server_pid"
	local status=0 stopped=""
	for _ in $(seq 1 75); do
		if ! kill -0 "$server_pid" 2>/dev/null; then
			stopped=1
			break
		fi
		sleep 0.2
	done
	if [ -z "$stopped" ]; then
		echo "orgs-list: server still running 15 s after SIGTERM; killing it" >&2
		kill -KILL "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
		server_pid=""
		return 1
	fi
	wait "$server_pid" || status=$?
	server_pid=""
	if [ "$status" -ne 0 ]; then
		echo "orgs-list: server exited with status $status after SIGTERM; its log:" >&2
		tail -n 20 "$log" >&2
		return 1
	fi
	echo "stopped        exit status 0 after SIGTERM"
}

section "build"
go build -o "$BIN" ./cmd/backbone
go build -o "$LOAD" ./bench/load
size="$(stat -c %s "$BIN")"
awk -v s="$size" 'BEGIN { printf "binary size    %d bytes (%.1f MiB)\n", s, s / 1048576 }'
echo "go             $(go version)"
echo "clients        $CLIENTS for $DURATION, GET /organizations, as the demo admin"

for engine in $ENGINES; do
	case "$engine" in
	sqlite)
		bench_engine sqlite "$TMP/bench.db"
		;;
	postgres)
		pg_db="bench_$$"
		createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$pg_db" </dev/null
		bench_engine postgres "postgres://$PG_USER@$PG_HOST:$PG_PORT/$pg_db?sslmode=disable"
		dropdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$pg_db" </dev/null
		pg_db=""
		;;
	*)
		echo "orgs-list: unknown engine $engine (use sqlite, postgres)" >&2
		exit 1
		;;
	esac
done
