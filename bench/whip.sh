#!/usr/bin/env bash
# Measures the WHIP bridge of the real executable (build it first: ./gateway build), with aiortc publishers
# (Debian's python3-aiortc) and srt-live-transmit listeners, all on loopback:
#   1. offer -> 201 time and glass-to-SRT latency: the publisher sends 1 s of silence then a tone; latency is
#      from the moment aiortc generates the tone's first frame to the moment the first loud Opus packet reaches
#      the SRT listener's output (includes WebRTC's jitter buffer, re-encoding, 20 ms pages and SRT's 120 ms latency)
#   2. CPU of the gateway per bridged stream with N concurrent publishers (N from the arguments), measured over
#      10 s in the middle of a 20 s publish, with the frames the bridges had to drop
# Usage: bench/whip.sh [N ...]   (default: 1 5 10). The publishers run on the same 2 cores as the gateway.
# Every process it starts ends with it, also on an error, Ctrl-C or SIGTERM; a row that fails says which process
# failed, its exit code and the last lines of its log (BENCH_LOG_LINES, default 15).
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

home="$(mktemp -d)"
bench_traps 'rm -rf "$home"'
mkdir -p "$home/etc"
printf 'ports = %d-%d\n' $((port + 1)) $((port + max)) > "$home/etc/gateway.whip.cfg"
spawn_gateway "$home" "$port"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# stream SRT_PORT: POST /stream to that SRT listener; prints the bridge's WHIP port, or says why there is none
stream() {
  local out code
  out=$(curl -s -w '\n%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"srt\": {\"host\": \"127.0.0.1\", \"port\": $1}}" "http://127.0.0.1:$port/stream")
  code=${out##*$'\n'}
  [ "$code" = 201 ] || { echo "  POST /stream answered $code: ${out%$'\n'*}" >&2; return 1; }
  /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["port"])' <<< "${out%$'\n'*}"
}
field() { /usr/bin/python3 -c "import json,sys
for l in sys.stdin:
    d=json.loads(l)
    if d.get('event')=='$1': print(d['$2']); break"; }
# await_bridges_gone: until the gateway lists no bridge (they end when their publishers DELETE or the listener goes)
await_bridges_gone() {
  local i
  for i in $(seq 200); do [ "$(curl -s "http://127.0.0.1:$port/whip")" = "[]" ] && return 0; sleep 0.1; done
  echo "  bridges still listed after 20 s: $(curl -s "http://127.0.0.1:$port/whip")" >&2
  return 1
}

echo "== offer -> 201 and glass-to-SRT latency (5 runs; the first one starts WebRTC)"
printf '%-4s %10s %12s\n' run offer_ms glass_to_srt_ms
offers=(); lats=()
for i in 1 2 3 4 5; do
  gateway_alive
  srt=$((port + 100 + i))
  spawn "SRT listener $i" "$home/listener$i.log" bash -c \
    "srt-live-transmit 'srt://:$srt?mode=listener' file://con 2>'$home/listener$i.err' | /usr/bin/python3 '$onset' > '$home/onset$i.json'"
  lp=$spawned
  if ! await_udp "$srt" || ! whip=$(stream "$srt"); then
    why_failed "$lp"; end_spawn "$lp"; printf '%-4s %10s %12s\n' "$i" failed failed; continue
  fi
  spawn "aiortc publisher $i" "$home/pub$i.log" /usr/bin/python3 "$publish" "http://127.0.0.1:$whip/whip/endpoint" --silence 1 --seconds 1.5 --hz 1000
  pub=$spawned
  if ! finished "$pub"; then end_spawn "$lp"; printf '%-4s %10s %12s\n' "$i" failed failed; continue; fi
  # the onset reader exits once the tone has arrived; a listener that saw none is ended when its bridge has gone
  await_bridges_gone || true
  end_spawn "$lp"
  offer=$(field answered ms < "$home/pub$i.log")
  tone=$(field tone t < "$home/pub$i.log")
  got=$(field onset t < "$home/onset$i.json" || true)
  lat=$(/usr/bin/python3 -c "print(round(($got - $tone) * 1000) if '$got' not in ('', 'None') else 'n/a')")
  [ "$lat" = "n/a" ] && { echo "  run $i: no tone reached the SRT listener" >&2; why_failed "$lp"; tail -3 "$home/listener$i.err" >&2 || true; }
  printf '%-4s %10s %12s\n' "$i" "$offer" "$lat"
  [ "$i" -gt 1 ] && offers+=("$offer")
  [ "$lat" != "n/a" ] && lats+=("$lat")
done
[ ${#offers[@]} -gt 0 ] && [ ${#lats[@]} -gt 0 ] && \
  echo "median (runs 2-5): offer -> 201 $(printf '%s\n' "${offers[@]}" | median) ms; glass-to-SRT $(printf '%s\n' "${lats[@]}" | median) ms"

ticks() { awk '{print $14 + $15}' "/proc/$jpid/stat" 2>/dev/null || gateway_alive; }
hz=$(getconf CLK_TCK)
echo "== gateway CPU per bridged stream (20 s publishes, CPU measured from 5 s to 15 s)"
printf '%-6s %10s %14s %16s %12s\n' bridges cpu_pct cpu_pct_each dropped_frames rss_MB
for n in "${counts[@]}"; do
  gateway_alive
  listeners=(); pubs=(); failed=""
  for i in $(seq 1 "$n"); do
    spawn "SRT listener $((200 + i))" "$home/load-listener$i.log" bash -c "srt-live-transmit 'srt://:$((port + 200 + i))?mode=listener' file://con > /dev/null"
    listeners+=("$spawned")
  done
  for i in $(seq 1 "$n"); do await_udp $((port + 200 + i)) || { why_failed "${listeners[$((i - 1))]}"; failed=1; }; done
  for i in $(seq 1 "$n"); do
    [ -z "$failed" ] || break
    whip=$(stream $((port + 200 + i))) || { failed=1; break; }
    spawn "aiortc publisher $i of $n" "$home/load$i.log" /usr/bin/python3 "$publish" "http://127.0.0.1:$whip/whip/endpoint" --seconds 20 --channels 2
    pubs+=("$spawned")
  done
  if [ -z "$failed" ]; then
    sleep 5
    t0=$(ticks); s0=$(date +%s.%N)
    sleep 10
    t1=$(ticks); s1=$(date +%s.%N)
    gateway_alive
    dropped=$(curl -s "http://127.0.0.1:$port/whip" | /usr/bin/python3 -c 'import json,sys; print(sum(b.get("droppedFrames", 0) for b in json.load(sys.stdin)))')
    live=$(curl -s "http://127.0.0.1:$port/whip" | /usr/bin/python3 -c 'import json,sys; print(sum(1 for b in json.load(sys.stdin) if b["state"] == "connected"))')
    rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$jpid/status")
    cpu=$(/usr/bin/python3 -c "print(round(100 * ($t1 - $t0) / $hz / ($s1 - $s0), 1))")
    each=$(/usr/bin/python3 -c "print(round($cpu / max(1, $live), 1))")
  fi
  for p in "${pubs[@]}"; do finished "$p" || failed=1; done  # the publishers DELETE their sessions
  for p in "${listeners[@]}"; do end_spawn "$p"; done          # the SRT listeners never end by themselves
  await_bridges_gone || failed=1
  if [ -n "$failed" ]; then
    printf '%-6s %10s %14s %16s %12s\n' "$n" failed - - -
  else
    printf '%-6s %10s %14s %16s %12s\n' "$n ($live)" "$cpu" "$each" "$dropped" "$rss"
  fi
done
echo "(bridges: requested (connected while measured)); machine: $(nproc) cores; publishers and listeners share it"
