#!/usr/bin/env bash
# Measures the WHIP bridge of the real executable (build it first: ./gateway build), with aiortc publishers
# (Debian's python3-aiortc) and srt-live-transmit listeners, all on loopback:
#   1. offer -> 201 time and glass-to-SRT latency: the publisher sends 1 s of silence then a tone; latency is
#      from the moment aiortc generates the tone's first frame to the moment the first loud Opus packet reaches
#      the SRT listener's output (includes WebRTC's jitter buffer, re-encoding, 20 ms pages and SRT's 120 ms latency)
#   2. CPU of the gateway per bridged stream with N concurrent publishers (N from the arguments), measured over
#      10 s in the middle of a 20 s publish, with the frames the bridges had to drop
# Usage: bench/whip.sh [N ...]   (default: 1 5 10). The publishers run on the same 2 cores as the gateway.
set -euo pipefail
trap 'echo "bench/whip.sh: failed at line $LINENO" >&2' ERR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
publish="$root/gateway.itest/src/test/resources/whip/aiortc_publish.py"
onset="$root/bench/whip/srt_onset.py"
port="${BENCH_PORT:-18643}"
counts=("$@"); [ ${#counts[@]} -gt 0 ] || counts=(1 5 10)
max=1; for n in "${counts[@]}"; do [ "$n" -gt "$max" ] && max=$n; done
/usr/bin/python3 -c 'import aiortc' 2>/dev/null || { echo "needs python3-aiortc" >&2; exit 1; }
command -v srt-live-transmit >/dev/null || { echo "needs srt-tools" >&2; exit 1; }

home="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; kill "$gw" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$home/etc"
printf 'ports = %d-%d\n' $((port + 1)) $((port + max)) > "$home/etc/gateway.whip.cfg"
start_gateway "$home" "$port"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
stream() { curl -s -X POST -H 'Content-Type: application/json' -d "{\"srt\": {\"host\": \"127.0.0.1\", \"port\": $1}}" \
  "http://127.0.0.1:$port/stream" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])'; }
field() { /usr/bin/python3 -c "import json,sys
for l in sys.stdin:
    d=json.loads(l)
    if d.get('event')=='$1': print(d['$2']); break"; }

echo "== offer -> 201 and glass-to-SRT latency (5 runs; the first one starts WebRTC)"
printf '%-4s %10s %12s\n' run offer_ms glass_to_srt_ms
offers=(); lats=()
for i in 1 2 3 4 5; do
  srt=$((port + 100 + i))
  (srt-live-transmit "srt://:$srt?mode=listener" file://con 2>/dev/null | /usr/bin/python3 "$onset" > "$home/onset$i.json") & lp=$!
  sleep 0.3
  whip=$(stream "$srt")
  /usr/bin/python3 "$publish" "http://127.0.0.1:$whip/whip/endpoint" --silence 1 --seconds 1.5 --hz 1000 > "$home/pub$i.json"
  sleep 0.5; pkill -f "srt://:$srt?mode=listener" || true; wait "$lp" 2>/dev/null || true
  offer=$(field answered ms < "$home/pub$i.json")
  tone=$(field tone t < "$home/pub$i.json")
  got=$(field onset t < "$home/onset$i.json" || true)
  lat=$(/usr/bin/python3 -c "print(round(($got - $tone) * 1000) if '$got' not in ('', 'None') else 'n/a')")
  printf '%-4s %10s %12s\n' "$i" "$offer" "$lat"
  [ "$i" -gt 1 ] && offers+=("$offer")
  [ "$lat" != "n/a" ] && lats+=("$lat")
done
echo "median (runs 2-5): offer -> 201 $(printf '%s\n' "${offers[@]}" | median) ms; glass-to-SRT $(printf '%s\n' "${lats[@]}" | median) ms"

ticks() { awk '{print $14 + $15}' "/proc/$jpid/stat"; }
hz=$(getconf CLK_TCK)
echo "== gateway CPU per bridged stream (20 s publishes, CPU measured from 5 s to 15 s)"
printf '%-6s %10s %14s %16s %12s\n' bridges cpu_pct cpu_pct_each dropped_frames rss_MB
for n in "${counts[@]}"; do
  pids=(); pubs=()
  for i in $(seq 1 "$n"); do
    srt=$((port + 200 + i))
    srt-live-transmit "srt://:$srt?mode=listener" file://con >/dev/null 2>&1 & pids+=($!)
  done
  sleep 0.3
  for i in $(seq 1 "$n"); do
    whip=$(stream $((port + 200 + i)))
    /usr/bin/python3 "$publish" "http://127.0.0.1:$whip/whip/endpoint" --seconds 20 --channels 2 > "$home/load$i.json" 2>/dev/null &
    pubs+=($!); pids+=($!)
  done
  sleep 5
  t0=$(ticks); s0=$(date +%s.%N)
  sleep 10
  t1=$(ticks); s1=$(date +%s.%N)
  dropped=$(curl -s "http://127.0.0.1:$port/whip" | /usr/bin/python3 -c 'import json,sys; print(sum(b.get("droppedFrames", 0) for b in json.load(sys.stdin)))')
  live=$(curl -s "http://127.0.0.1:$port/whip" | /usr/bin/python3 -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin) if b["state"] == "connected"))')
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$jpid/status")
  cpu=$(/usr/bin/python3 -c "print(round(100 * ($t1 - $t0) / $hz / ($s1 - $s0), 1))")
  each=$(/usr/bin/python3 -c "print(round($cpu / max(1, $live), 1))")
  printf '%-6s %10s %14s %16s %12s\n' "$n ($live)" "$cpu" "$each" "$dropped" "$rss"
  for p in "${pubs[@]}"; do wait "$p" 2>/dev/null || true; done  # the publishers DELETE their sessions
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done     # the SRT listeners never end by themselves
  pids=()
  sleep 2
done
echo "(bridges: requested (connected while measured)); machine: $(nproc) cores; publishers and listeners share it"
