#!/usr/bin/env bash
# Receives N concurrent 64 kb/s Ogg/Opus-sized live streams (50 messages/s of 160 bytes, from our SRT
# caller on loopback) with (a) our SRT listener, one JVM for all streams, and (b) srt-live-transmit, one
# process per stream (libsrt's reference tool), and prints CPU per stream, memory per stream and loss
# side by side. Build first (./gateway build). Usage: bench/srt-receive.sh [N ...] (default: 10 100 300)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
lib=$(ls "$root"/gateway.lib.srt/target/gateway.lib.srt-*.jar | head -1)
slf=$(ls ~/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)
cp="$lib:$slf"
bench="$root/bench/srt/SrtBench.java"
command -v srt-live-transmit >/dev/null || { echo "needs srt-live-transmit (Debian srt-tools)"; exit 1; }
tck=$(getconf CLK_TCK)

cpu_ticks() { local t=0; for p in "$@"; do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14 + $15}' /proc/$p/stat))); done; echo $t; }
rss_kb() { local t=0; for p in "$@"; do [ -r /proc/$p/status ] && t=$((t + $(awk '/VmRSS/ {print $2}' /proc/$p/status))); done; echo $t; }

# CPU over the middle of the run: from 5 s after the senders connected to 5 s before they stop.
measure() { # pids... -> "cpu_percent rss_mb"
  sleep 5; local a; a=$(cpu_ticks "$@"); local w=$((seconds - 10)); sleep $w; local b; b=$(cpu_ticks "$@")
  echo "$(awk -v d=$((b - a)) -v w=$w -v hz=$tck 'BEGIN {printf "%.1f", 100 * d / hz / w}') $(( $(rss_kb "$@") / 1024 ))"
}

printf '%-6s %-18s %12s %14s %12s %12s\n' N receiver "cpu_%total" "cpu_%/stream" "rss_MB" "lost_msgs"
for n in "${@:-10 100 300}"; do
  for n1 in $n; do
    port=$((20000 + RANDOM % 20000))
    # (a) ours
    "$JAVA" -XX:+UseSerialGC -cp "$cp" "$bench" receive "$port" "$n1" "$seconds" > /tmp/bench-recv.txt 2>/dev/null &
    rpid=$!
    until grep -q ready /tmp/bench-recv.txt 2>/dev/null; do sleep 0.1; done
    "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$port" 0 "$n1" "$seconds" > /tmp/bench-send.txt 2>/dev/null &
    spid=$!
    until grep -q connected /tmp/bench-send.txt 2>/dev/null; do sleep 0.1; done
    read -r cpu rss < <(measure "$rpid")
    wait "$spid"; wait "$rpid" || true
    sentm=$(sed -n 's/.*messages=\([0-9]*\).*/\1/p' /tmp/bench-send.txt)
    gotm=$(sed -n 's/^received.*messages=\([0-9]*\).*/\1/p' /tmp/bench-recv.txt)
    printf '%-6s %-18s %12s %14s %12s %12s\n' "$n1" "gateway.lib.srt" "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$((sentm - gotm))"

    # (b) srt-live-transmit, one listener process per stream
    base=$((20000 + RANDOM % 20000)); pids=(); outdir=$(mktemp -d)
    for i in $(seq 0 $((n1 - 1))); do
      srt-live-transmit -q "srt://127.0.0.1:$((base + i))?mode=listener" file://con > "$outdir/$i.bin" 2>/dev/null &
      pids+=($!)
    done
    sleep 1
    "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$base" 1 "$n1" "$seconds" > /tmp/bench-send.txt 2>&1 &
    spid=$!
    for _ in $(seq 1 300); do grep -q connected /tmp/bench-send.txt 2>/dev/null && break; kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
    if ! grep -q connected /tmp/bench-send.txt; then
      printf '%-6s %-18s %s\n' "$n1" "srt-live-transmit" "not measured: the callers could not all connect ($(tail -1 /tmp/bench-send.txt))"
      kill "$spid" "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$outdir"; continue
    fi
    read -r cpu rss < <(measure "${pids[@]}")
    wait "$spid"; sleep 1
    kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
    sentb=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' /tmp/bench-send.txt)
    gotb=$(cat "$outdir"/*.bin | wc -c); rm -rf "$outdir"
    printf '%-6s %-18s %12s %14s %12s %12s\n' "$n1" "srt-live-transmit" "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$(( (sentb - gotb) / 160 ))"
  done
done
echo "each stream: 50 messages/s x 160 bytes (64 kb/s) for ${seconds} s on loopback; CPU measured over the middle $((seconds - 10)) s; $(nproc) cores"
