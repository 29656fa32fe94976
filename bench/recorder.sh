#!/usr/bin/env bash
# Concurrent recordings on the real executable: N SRT ingests (a real Ogg/Opus tone, 20 ms pages at real time,
# from our SRT caller in a separate JVM) first without recording, then with record=true, and prints the
# gateway's CPU per stream, the extra CPU per recorded stream, and the packets the recordings miss.
# Build first (./gateway build). Usage: bench/recorder.sh [N ...] (default: 20 50 100)
# Every process it starts ends with it (at its end, on an error, Ctrl-C or SIGTERM). A row that fails says which
# process failed, how, and the last lines of its log; the next row runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seconds="${BENCH_SECONDS:-30}"
cp="$(caller_cp)"
tck=$(getconf CLK_TCK)
work=$(mktemp -d)
bench_traps 'rm -rf "$work"'
make_tone $((seconds + 5)) "$work/tone.ogg"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# reap PID / stop PID: finished / end_spawn, and the process is forgotten (its pid may be reused by the next row).
reap() { local c=0; finished "$1" || c=$?; forget_spawned "$1"; return "$c"; }
stop() { end_spawn "$1"; forget_spawned "$1"; }

# alive PID...: true if every process runs; otherwise says why the first that ended did.
alive() {
  local p
  for p in "$@"; do kill -0 "$p" 2>/dev/null || { reap "$p" || true; return 1; }; done
}

# pause SECONDS PID...: sleeps, but returns 1 (after saying why) as soon as one of the processes has ended.
pause() {
  local end=$((SECONDS + $1)); shift
  while [ $SECONDS -lt $end ]; do alive "$@" || return 1; sleep 0.5; done
  alive "$@"
}

run() { # n mode -> prints a row; returns 1 (having said why) if it failed
  local n=$1 mode=$2 port home=$work/home-$1-$2 out=$work/out-$1-$2.txt
  port=$((20000 + RANDOM % 20000))
  mkdir -p "$home/etc"
  printf 'maxStreams = %s\nreservationTimeoutSeconds = 300\n' "$n" > "$home/etc/gateway.srt.cfg"
  local gw jpid spawned
  spawn_gateway "$home" "$port"
  spawn "RecorderBench ($n streams, $mode)" "$out" \
    "$JAVA" -cp "$cp" "$root/bench/recorder/RecorderBench.java" "http://127.0.0.1:$port" "$n" "$seconds" "$mode" "$work/tone.ogg"
  local bench=$spawned
  until grep -q '^connected' "$out" 2>/dev/null; do alive "$bench" "$gw" || { stop "$gw"; stop "$bench"; return 1; }; sleep 0.2; done
  pause 5 "$bench" "$gw" || { stop "$gw"; stop "$bench"; return 1; }
  local a w=$((seconds - 10)) b
  a=$(cpu_ticks "$jpid")
  pause "$w" "$bench" "$gw" || { stop "$gw"; stop "$bench"; return 1; }
  b=$(cpu_ticks "$jpid")
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$jpid/status")
  reap "$bench" || { stop "$gw"; return 1; }
  alive "$gw" || return 1
  local cpu; cpu=$(awk -v d=$((b - a)) -v w=$w -v hz=$tck 'BEGIN {printf "%.1f", 100 * d / hz / w}')
  local sent rec="-" missing="-" got drops
  sent=$(sed -n 's/^sent packets=\([0-9]*\).*/\1/p' "$out")
  got=$(sed -n 's/^gateway received packets=\([0-9]*\).*/\1/p' "$out")
  drops=$(sed -n 's/.*handler-dropped=\([0-9]*\).*/\1/p' "$out")
  if [ "$mode" = record ]; then
    rec=$(sed -n 's/^recorded packets=\([0-9]*\).*/\1/p' "$out")
    missing=$((sent - rec))
  fi
  stop "$gw"
  printf '%-5s %-9s %10s %12s %8s %10s %10s %10s %9s %9s\n' "$n" "$mode" "$cpu" "$(awk -v c=$cpu -v n=$n 'BEGIN {printf "%.3f", c/n}')" "$rss" "$sent" "$got" "$rec" "$drops" "$missing"
  echo "$cpu" > "$work/cpu-$n-$mode"
}

row() { # n mode: a row, or a line saying it failed (the reasons are above it, on stderr)
  run "$1" "$2" || printf '%-5s %-9s %s\n' "$1" "$2" "FAILED (why: above)"
}

echo "start: $(uptime)"
printf '%-5s %-9s %10s %12s %8s %10s %10s %10s %9s %9s\n' N mode "cpu_%" "cpu_%/strm" "rss_MB" sent received recorded rec_drops missing
for n in ${@:-20 50 100}; do
  row "$n" live
  row "$n" record
  if [ -f "$work/cpu-$n-live" ] && [ -f "$work/cpu-$n-record" ]; then
    echo "      extra CPU per recorded stream: $(awk -v a="$(cat "$work/cpu-$n-live")" -v b="$(cat "$work/cpu-$n-record")" -v n=$n 'BEGIN {printf "%.3f", (b - a) / n}') % of one core"
  fi
done
echo "each stream: a 64 kb/s Ogg/Opus tone in 20 ms pages for ${seconds} s; gateway CPU over the middle $((seconds - 10)) s; $(nproc) cores"
echo "received = packets the gateway's streams got over SRT; rec_drops = packets the recorder's queues dropped; missing = sent minus recorded"
echo "end: $(uptime)"
