#!/usr/bin/env bash
# Concurrent recordings on the real executable: N SRT ingests (a real Ogg/Opus tone, 20 ms pages at real time,
# from our SRT caller in a separate JVM) first without recording, then with record=true, and prints the
# gateway's CPU per stream, the extra CPU per recorded stream, and the packets the recordings miss.
# Build first (./gateway build). Usage: bench/recorder.sh [N ...] (default: 20 50 100)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seconds="${BENCH_SECONDS:-30}"
cp="$(caller_cp)"
tck=$(getconf CLK_TCK)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
make_tone $((seconds + 5)) "$work/tone.ogg"

cpu_ticks() { awk '{print $14 + $15}' /proc/$1/stat; }

run() { # n mode -> prints a row
  local n=$1 mode=$2 port home=$work/home-$1-$2
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$home/etc"
  printf 'maxStreams = %s\nreservationTimeoutSeconds = 300\n' "$n" > "$home/etc/gateway.srt.cfg"
  local gw jpid
  start_gateway "$home" "$port"
  "$JAVA" -cp "$cp" "$root/bench/recorder/RecorderBench.java" "http://127.0.0.1:$port" "$n" "$seconds" "$mode" "$work/tone.ogg" > "$work/out.txt" 2>&1 &
  local bench=$!
  until grep -q connected "$work/out.txt" 2>/dev/null; do kill -0 $bench 2>/dev/null || { cat "$work/out.txt"; exit 1; }; sleep 0.2; done
  sleep 5; local a; a=$(cpu_ticks "$jpid"); local w=$((seconds - 10)); sleep $w; local b; b=$(cpu_ticks "$jpid")
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$jpid/status)
  wait $bench
  local cpu; cpu=$(awk -v d=$((b - a)) -v w=$w -v hz=$tck 'BEGIN {printf "%.1f", 100 * d / hz / w}')
  local sent rec="-" missing="-" got drops
  sent=$(sed -n 's/^sent packets=\([0-9]*\).*/\1/p' "$work/out.txt")
  got=$(sed -n 's/^gateway received packets=\([0-9]*\).*/\1/p' "$work/out.txt")
  drops=$(sed -n 's/.*handler-dropped=\([0-9]*\).*/\1/p' "$work/out.txt")
  if [ "$mode" = record ]; then
    rec=$(sed -n 's/^recorded packets=\([0-9]*\).*/\1/p' "$work/out.txt")
    missing=$((sent - rec))
  fi
  kill "$gw"; wait "$gw" 2>/dev/null || true
  printf '%-5s %-9s %10s %12s %8s %10s %10s %10s %9s %9s\n' "$n" "$mode" "$cpu" "$(awk -v c=$cpu -v n=$n 'BEGIN {printf "%.3f", c/n}')" "$rss" "$sent" "$got" "$rec" "$drops" "$missing"
  echo "$cpu" > "$work/cpu-$n-$mode"
}

echo "start: $(uptime)"
printf '%-5s %-9s %10s %12s %8s %10s %10s %10s %9s %9s\n' N mode "cpu_%" "cpu_%/strm" "rss_MB" sent received recorded rec_drops missing
for n in "${@:-20 50 100}"; do
  for n1 in $n; do
    run "$n1" live
    run "$n1" record
    echo "      extra CPU per recorded stream: $(awk -v a="$(cat "$work/cpu-$n1-live")" -v b="$(cat "$work/cpu-$n1-record")" -v n=$n1 'BEGIN {printf "%.3f", (b - a) / n}') % of one core"
  done
done
echo "each stream: a 64 kb/s Ogg/Opus tone in 20 ms pages for ${seconds} s; gateway CPU over the middle $((seconds - 10)) s; $(nproc) cores"
echo "received = packets the gateway's streams got over SRT; rec_drops = packets the recorder's queues dropped; missing = sent minus recorded"
echo "end: $(uptime)"
