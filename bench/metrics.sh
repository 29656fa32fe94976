#!/usr/bin/env bash
# What a Prometheus scrape (GET /metrics) costs the real executable with N live, recorded SRT streams (a real
# Ogg/Opus tone at real time, from our SRT caller in a separate JVM, as bench/recorder.sh sends them): wall time
# per scrape, and the gateway JVM's CPU time and heap allocation per scrape (see bench/metrics/MetricsBench.java).
# Build first (./gateway build). Usage: bench/metrics.sh [N ...] (default: 100); BENCH_SCRAPES per round (200).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
scrapes="${BENCH_SCRAPES:-200}"
cp="$(caller_cp)"
work=$(mktemp -d)
started=()
# Every process this script started ends with it, however it ends.
cleanup() {
  for p in "${started[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
seconds=$((40 + scrapes / 10))
make_tone $((seconds + 5)) "$work/tone.ogg"

run() { # n -> prints the bench's table
  local n=$1 port home=$work/home-$1
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$home/etc"
  printf 'maxStreams = %s\nreservationTimeoutSeconds = 300\n' "$n" > "$home/etc/gateway.srt.cfg"
  local gw jpid
  start_gateway "$home" "$port"
  started+=("$gw")
  "$JAVA" -cp "$cp" "$root/bench/recorder/RecorderBench.java" "http://127.0.0.1:$port" "$n" "$seconds" record "$work/tone.ogg" > "$work/streams.txt" 2>&1 &
  local streams=$!
  started+=("$streams")
  until grep -q connected "$work/streams.txt" 2>/dev/null; do
    kill -0 $streams 2>/dev/null || { echo "N=$n: the SRT callers failed:"; cat "$work/streams.txt"; return 1; }
    sleep 0.2
  done
  sleep 3
  echo "N=$n live recorded streams"
  if ! "$JAVA" "$root/bench/metrics/MetricsBench.java" "http://127.0.0.1:$port" "$jpid" "$scrapes" "$n"; then
    echo "N=$n: the scraper failed (console: $home/console.log)"
  fi
  kill "$streams" 2>/dev/null || true
  kill "$gw"; wait "$gw" 2>/dev/null || true
}

echo "start: $(uptime)"
for n in ${@:-100}; do run "$n"; done
echo "cpu and alloc: the gateway JVM's, per scrape, minus its own rate in an equally long phase without scrapes; $(nproc) cores"
echo "end: $(uptime)"
