#!/usr/bin/env bash
# chaos.sh: kill -9 `rehash serve` under mixed load, then corrupt one of its
# files, and show that nothing acknowledged is lost and that corruption is
# reported, not fatal. Loopback only; bounded in time (about a minute, and
# `timeout` caps every step).
#
#   scripts/chaos.sh [ROUNDS]            # default 6 kill -9 rounds
#
# REHASH may name a rehash binary; otherwise one is built. Needs curl.
#
# Each round starts the server on the same index, runs 4 clients mixing
# adds, checks, gets and deletes for 1 to 3 s, and kill -9s the server
# mid-load. A client records an add or a delete as acknowledged only on a
# 200; requests in flight at the kill are unknown and not checked. After
# the round, every acknowledged add not deleted since must answer 200 and
# every acknowledged delete 404. At the end the server is stopped, one
# table is garbled, and the server must keep serving: requests meeting the
# damage get 500 index_corrupt, /healthz stays 200, /readyz turns 503, the
# metrics count it, `rehash index check` names the file, and `rehash index
# repair` rebuilds a clean index from the stored texts.
set -euo pipefail
ROUNDS=${1:-6}
cd "$(dirname "$0")/.."
WORK=$(mktemp -d /tmp/rehash-chaos.XXXXXX)
SERVER_PID=
cleanup() {
	[ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
	jobs -p | xargs -r kill 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
if [ -z "${REHASH:-}" ]; then
	go build -o "$WORK/rehash" ./cmd/rehash
	REHASH=$WORK/rehash
fi
IDX=$WORK/idx
PORT=$((20000 + RANDOM % 20000))
URL=http://127.0.0.1:$PORT
ACKED=$WORK/acked     # ids whose add was acknowledged
DELETED=$WORK/deleted # ids whose delete was acknowledged
: >"$ACKED"
: >"$DELETED"

start_server() {
	"$REHASH" serve --index "$IDX" --addr 127.0.0.1:$PORT --insecure-no-auth --log-format json \
		>>"$WORK/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 100); do
		curl -sf "$URL/healthz" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	echo "server did not start"; tail -5 "$WORK/server.log"; exit 1
}

text() { # a text of 60 words, different for each $1
	local s=$1 out=
	for w in $(seq 60); do out+="w$(((s * 7919 + w * 104729) % 5003)) "; done
	echo "$out"
}

client() { # client NUMBER ROUND: adds (50%), checks, gets, deletes of its own adds
	local c=$1 r=$2 i=0 mine=()
	while :; do
		i=$((i + 1))
		local id="r$r-c$c-$i" x=$((RANDOM % 10))
		if [ $x -lt 5 ] || [ ${#mine[@]} -eq 0 ]; then
			code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H 'Content-Type: application/json' \
				-d "{\"id\":\"$id\",\"text\":\"$(text $((r * 100000 + c * 10000 + i)))\"}" "$URL/v1/documents" || true)
			[ "$code" = 200 ] && echo "$id" >>"$ACKED" && mine+=("$id")
		elif [ $x -lt 7 ]; then
			curl -s -o /dev/null -m 5 -H 'Content-Type: application/json' \
				-d "{\"text\":\"$(text $((r * 100000 + c * 10000 + i - 1)))\"}" "$URL/v1/check" || true
		elif [ $x -lt 9 ]; then
			curl -s -o /dev/null -m 5 "$URL/v1/documents/${mine[0]}" || true
		else
			local victim=${mine[$((RANDOM % ${#mine[@]}))]}
			code=$(curl -s -o /dev/null -w '%{http_code}' -m 5 -X DELETE "$URL/v1/documents/$victim" || true)
			[ "$code" = 200 ] && echo "$victim" >>"$DELETED"
			local keep=()
			for m in "${mine[@]}"; do [ "$m" != "$victim" ] && keep+=("$m"); done
			mine=("${keep[@]}")
		fi
	done
}

verify() { # every acknowledged add present unless its delete was acknowledged
	local present=0 gone=0 bad=0
	while read -r id; do
		want=200
		grep -qx "$id" "$DELETED" && want=404
		code=$(curl -s -o /dev/null -w '%{http_code}' -m 10 "$URL/v1/documents/$id")
		if [ "$code" != "$want" ]; then
			echo "LOST: $id answered $code, want $want"; bad=$((bad + 1))
		elif [ "$want" = 200 ]; then present=$((present + 1)); else gone=$((gone + 1)); fi
	done < <(sort -u "$ACKED")
	echo "  verified: $present acknowledged adds present, $gone acknowledged deletes absent, $bad wrong"
	[ $bad -eq 0 ]
}

echo "chaos: $ROUNDS kill -9 rounds on $IDX, server at $URL"
start_server
for r in $(seq "$ROUNDS"); do
	pids=()
	for c in 1 2 3 4; do client $c $r & pids+=($!); done
	sleep "$((1 + RANDOM % 3)).$((RANDOM % 10))"
	kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
	kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true
	echo "round $r: killed -9 after $(wc -l <"$ACKED") acknowledged adds, $(wc -l <"$DELETED") deletes in all"
	start_server
	echo "  recovery warnings logged at restart so far: $(grep -c '"msg":"index recovery"' "$WORK/server.log" || true)"
	timeout 120 bash -c "$(declare -f verify); URL=$URL ACKED=$ACKED DELETED=$DELETED verify"
done

echo "corruption: stop the server, garble one table, serve again"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
timeout 120 "$REHASH" index settle --index "$IDX" --timeout 5s >/dev/null
TABLE=$(ls -S "$IDX"/*.sst | head -1)
SIZE=$(stat -c %s "$TABLE")
for off in $(seq 8292 4096 $((SIZE / 2))); do
	printf 'GARBLED!' | dd of="$TABLE" bs=1 seek="$off" conv=notrunc status=none
done
echo "  garbled $(basename "$TABLE") ($SIZE bytes) from byte 8292 to $((SIZE / 2)), every 4 KiB"
start_server
corrupt=0 ok=0 other=0
while read -r id; do
	grep -qx "$id" "$DELETED" && continue
	code=$(curl -s -o "$WORK/body" -w '%{http_code}' -m 10 "$URL/v1/documents/$id")
	case $code in
	200) ok=$((ok + 1)) ;;
	500) grep -q index_corrupt "$WORK/body" && corrupt=$((corrupt + 1)) || other=$((other + 1)) ;;
	*) other=$((other + 1)) ;;
	esac
done < <(sort -u "$ACKED")
echo "  GETs: $ok answered 200, $corrupt answered 500 index_corrupt, $other other"
echo "  /healthz: $(curl -s -o /dev/null -w '%{http_code}' "$URL/healthz"), /readyz: $(curl -s -o /dev/null -w '%{http_code}' "$URL/readyz")"
echo "  metrics: $(curl -s "$URL/metrics" | grep -E '^rehash_index_(corruptions_total|healthy) ' | tr '\n' ' ')"
echo "  server log: $(grep -c '"level":"ERROR"' "$WORK/server.log") error lines, e.g. $(grep -m1 -o '"error":"index_corrupt[^"]\{0,110\}' "$WORK/server.log" || true)"
kill -0 "$SERVER_PID" && echo "  the server is still running (pid $SERVER_PID)"
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
echo "rehash index check:"
timeout 300 "$REHASH" index check --index "$IDX" 2>&1 | cut -c1-300 | sed 's/^/  /' || true
echo "rehash index repair:"
timeout 300 "$REHASH" index repair --index "$IDX" --out "$WORK/repaired" | cut -c1-300 | sed 's/^/  /'
timeout 300 "$REHASH" index check --index "$WORK/repaired" | sed 's/^/  repaired: /'
[ $other -eq 0 ] && [ $((ok + corrupt)) -gt 0 ]
echo "chaos: PASS"
