#!/usr/bin/env bash
# Measures WHEP playback on the real executable (build it first: ./gateway build): one SRT contribution (ffmpeg, a
# 440 Hz tone), N listeners made by bench/whep/WhepLoad.java (gateway.lib.rtc's controlling side, in a JVM of its own,
# on the same 2 cores), the gateway's CPU over the listening time, offer -> 201 times and what the listeners received.
# Usage: bench/whep.sh [N ...]   (default: 1 100 500); BENCH_SECONDS (default 10): the listening time measured
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
port="${BENCH_PORT:-18743}"
seconds="${BENCH_SECONDS:-10}"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 100 500)
home="$(mktemp -d)"
ff=""
cleanup() { [ -n "$ff" ] && kill "$ff" 2>/dev/null; [ -n "${gw:-}" ] && kill "$gw" 2>/dev/null; wait 2>/dev/null; rm -rf "$home"; }
trap cleanup EXIT INT TERM
mkdir -p "$home/etc"
echo "maxSessions = 5000" > "$home/etc/gateway.whep.cfg"
echo "maxPeers = 5000" > "$home/etc/gateway.webrtc.cfg"
start_gateway "$home" "$port"
until grep -q "WHEP playback ready" "$home/console.log"; do sleep 0.1; done
cp="$(ls "$root"/gateway.lib.rtc/target/gateway.lib.rtc-*.jar | grep -v sources | head -1)"
for j in "$dist"/bundles/bc*.jar "$dist"/lib/slf4j-*.jar; do cp="$cp:$j"; done

event=$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4())')
pass=$(curl -s -X POST -H 'Content-Type: application/json' -d "{\"event\": \"$event\"}" "http://127.0.0.1:$port/reserve" \
  | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["credentials"]["token"])')
ffmpeg -hide_banner -loglevel error -re -f lavfi -i sine=frequency=440:duration=3600 -c:a libopus -b:a 64k \
  -page_duration 20000 -f ogg -passphrase "$pass" "srt://127.0.0.1:$port" &
ff=$!
until stream=$(curl -s "http://127.0.0.1:$port/streams" | /usr/bin/python3 -c 'import json,sys
s=[x["id"] for x in json.load(sys.stdin) if x["state"]=="live"]; print(s[0]) if s else sys.exit(1)' 2>/dev/null); do sleep 0.2; done

ticks() { awk '{print $14 + $15}' "/proc/$jpid/stat"; }
hz=$(getconf CLK_TCK)
# the gateway's CPU with the contribution alone, as the baseline the listeners add to
t0=$(ticks); s0=$(date +%s.%N); sleep "$seconds"; t1=$(ticks); s1=$(date +%s.%N)
base=$(echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l)
printf 'gateway CPU with the contribution and no listener: %.1f %% of a core\n' "$base"
printf '%-9s %9s %22s %7s %s\n' listeners cpu_pct per_listener_above_base rss_mb load_client
for n in "${counts[@]}"; do
  out="$home/load-$n.txt"
  "$JAVA" -cp "$cp" "$root/bench/whep/WhepLoad.java" "http://127.0.0.1:$port/whep/$stream" "$n" "$seconds" 2> "$out.err" > "$out" &
  load=$!
  until grep -q measuring "$out.err" 2>/dev/null; do kill -0 $load 2>/dev/null || { cat "$out.err" >&2; exit 1; }; sleep 0.05; done
  t0=$(ticks); s0=$(date +%s.%N)
  until grep -q measured "$out.err"; do sleep 0.05; done
  t1=$(ticks); s1=$(date +%s.%N)
  rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$jpid/status")
  wait $load
  cpu=$(echo "($t1 - $t0) / $hz / ($s1 - $s0) * 100" | bc -l)
  printf '%-9s %9.1f %22.3f %7s %s\n' "$n" "$cpu" "$(echo "($cpu - $base) / $n" | bc -l)" "$rss" "$(cat "$out")"
  until [ "$(curl -s "http://127.0.0.1:$port/whep")" = "[]" ]; do sleep 0.1; done
done
