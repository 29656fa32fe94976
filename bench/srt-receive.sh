#!/usr/bin/env bash
# Receives N concurrent 64 kb/s Ogg/Opus-sized live streams (50 messages/s of 160 bytes, from our SRT
# caller on loopback) with (a) our SRT listener, one JVM for all streams, and (b) srt-live-transmit, one
# process per stream (libsrt's reference tool), and prints CPU per stream, memory per stream and loss
# side by side. Build first (./gateway build). Usage: bench/srt-receive.sh [N ...] (default: 100 300 500)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
lib=${BENCH_LIB:-$(ls "$root"/gateway.lib.srt/target/gateway.lib.srt-*.jar | head -1)}  # BENCH_LIB: another build, to compare
receivers="${BENCH_RECEIVERS:-ours srt-live-transmit}"  # or only one of them
sender_nice="${BENCH_SENDER_NICE:-0}"  # niceness of the sending JVM (negative: it stands for remote sources the load here does not slow)
slf=$(ls ~/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)
cp="$lib:$slf"
bench="$root/bench/srt/SrtBench.java"
command -v srt-live-transmit >/dev/null || { echo "needs srt-live-transmit (Debian srt-tools)"; exit 1; }
tck=$(getconf CLK_TCK)

# One read for all pids (500 srt-live-transmit processes): a process per pid would skew the window.
cpu_ticks() { (cd /proc && cat $(printf '%s/stat ' "$@") 2>/dev/null) | awk '{t += $14 + $15} END {print t + 0}'; }
# "pid ticks" of every user-space process (kernel threads such as ksoftirqd, which deliver our loopback
# datagrams, are left out).
all_ticks() { (cd /proc && cat [0-9]*/stat 2>/dev/null) | awk '{sub(/^.*\) /, "& "); split($0, f, ") ")} {n = split(f[2], v, " "); if (v[2] != 2 && $1 != 2) print $1, v[12] + v[13]}'; }
# CPU of the processes in $1 (a snapshot) that are neither the sender nor the receivers, up to now.
others_ticks() { # snapshot_file pids...
  local f=$1; shift
  all_ticks | awk -v ours=" $* " 'NR == FNR {a[$1] = $2; next} ($1 in a) && index(ours, " " $1 " ") == 0 {t += $2 - a[$1]} END {print t + 0}' "$f" -
}
udp_rcvbuf_errors() { awk '/^Udp:/ {n++} /^Udp:/ && n == 2 {print $6}' /proc/net/snmp; }
rss_kb() { (cd /proc && cat $(printf '%s/status ' "$@") 2>/dev/null) | awk '/^VmRSS/ {t += $2} END {print t + 0}'; }

# CPU over the middle of the run: from 5 s after the senders connected to 5 s before they stop. Besides
# the receiver's own CPU: the sender's, and everything else on the machine (other users' builds make
# the figures noisy: a row with much "others" CPU should be run again).
measure() { # sender_pid receiver_pids... -> "cpu_percent rss_mb sender_percent others_percent"
  local s=$1; shift
  local snap; snap=$(mktemp)
  sleep 5; local a as; a=$(cpu_ticks "$@"); as=$(cpu_ticks "$s"); all_ticks > "$snap"
  local w=$((seconds - 10)); sleep $w
  local b bs bo; b=$(cpu_ticks "$@"); bs=$(cpu_ticks "$s"); bo=$(others_ticks "$snap" "$s" "$@"); rm -f "$snap"
  awk -v d=$((b - a)) -v ds=$((bs - as)) -v oth=$bo -v w=$w -v hz=$tck -v rss=$(( $(rss_kb "$@") / 1024 )) \
    'BEGIN {printf "%.1f %d %.1f %.1f\n", 100 * d / hz / w, rss, 100 * ds / hz / w, 100 * oth / hz / w}'
}

echo "start: $(uptime)"
echo "net.core.rmem_max: $(cat /proc/sys/net/core/rmem_max) bytes (our listener asks for 8 MB of socket receive buffer; the kernel caps it there)"
printf '%-6s %-18s %10s %13s %7s %10s %12s %9s %9s\n' N receiver "cpu_%" "cpu_%/stream" "rss_MB" "lost_msgs" "rcvbuf_errs" "sender_%" "others_%"
for n in "${@:-100 300 500}"; do
  for n1 in $n; do
    port=$((20000 + RANDOM % 20000)); cpu=-; rss=-; scpu=-; others=-
    # (a) ours
    if [[ " $receivers " == *" ours "* ]]; then
    errs0=$(udp_rcvbuf_errors)
    "$JAVA" -XX:+UseSerialGC -cp "$cp" "$bench" receive "$port" "$n1" "$seconds" > /tmp/bench-recv.txt 2>/dev/null &
    rpid=$!
    until grep -q ready /tmp/bench-recv.txt 2>/dev/null; do sleep 0.1; done
    nice -n "$sender_nice" "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$port" 0 "$n1" "$seconds" > /tmp/bench-send.txt 2>&1 &
    spid=$!
    until grep -q connected /tmp/bench-send.txt 2>/dev/null; do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
    if grep -q connected /tmp/bench-send.txt; then read -r cpu rss scpu others < <(measure "$spid" "$rpid"); fi
    wait "$spid" || true; wait "$rpid" || true
    sentm=$(sed -n 's/^sent.*messages=\([0-9]*\).*/\1/p' /tmp/bench-send.txt)
    gotm=$(sed -n 's/^received.*messages=\([0-9]*\).*/\1/p' /tmp/bench-recv.txt)
    if [ -z "$sentm" ] || [ -z "$gotm" ]; then
      printf '%-6s %-18s %s\n' "$n1" "gateway.lib.srt" "not measured: $(grep -m1 -iE 'exception|error' /tmp/bench-send.txt /tmp/bench-recv.txt || tail -1 /tmp/bench-send.txt)"
    else
    printf '%-6s %-18s %10s %13s %7s %10s %12s %9s %9s\n' "$n1" "gateway.lib.srt" "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$((sentm - gotm))" "$(( $(udp_rcvbuf_errors) - errs0 ))" "$scpu" "$others"
    [ -n "${BENCH_VERBOSE:-}" ] && sed 's/^/    /' /tmp/bench-send.txt /tmp/bench-recv.txt | grep -E '^    (sent|received)'
    fi
    fi
    [[ " $receivers " == *" srt-live-transmit "* ]] || continue

    # (b) srt-live-transmit, one listener process per stream
    base=$((20000 + RANDOM % 20000)); pids=(); outdir=$(mktemp -d)
    errs0=$(udp_rcvbuf_errors)
    for i in $(seq 0 $((n1 - 1))); do
      srt-live-transmit -q "srt://127.0.0.1:$((base + i))?mode=listener" file://con > "$outdir/$i.bin" 2>/dev/null &
      pids+=($!)
    done
    sleep 1
    nice -n "$sender_nice" "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$base" 1 "$n1" "$seconds" > /tmp/bench-send.txt 2>&1 &
    spid=$!
    for _ in $(seq 1 300); do grep -q connected /tmp/bench-send.txt 2>/dev/null && break; kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
    if ! grep -q connected /tmp/bench-send.txt; then
      printf '%-6s %-18s %s\n' "$n1" "srt-live-transmit" "not measured: the callers could not all connect ($(tail -1 /tmp/bench-send.txt))"
      kill "$spid" "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$outdir"; continue
    fi
    read -r cpu rss scpu others < <(measure "$spid" "${pids[@]}")
    wait "$spid"; sleep 1
    kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
    sentb=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' /tmp/bench-send.txt)
    gotb=$(cat "$outdir"/*.bin | wc -c); rm -rf "$outdir"
    printf '%-6s %-18s %10s %13s %7s %10s %12s %9s %9s\n' "$n1" "srt-live-transmit" "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$(( (sentb - gotb) / 160 ))" "$(( $(udp_rcvbuf_errors) - errs0 ))" "$scpu" "$others"
  done
done
echo "each stream: 50 messages/s x 160 bytes (64 kb/s) for ${seconds} s on loopback; CPU measured over the middle $((seconds - 10)) s; $(nproc) cores"
echo "cpu_%: the receiver(s), 100 = one core; rcvbuf_errs: UDP datagrams the kernel dropped for a full socket receive buffer during the row (any socket);"
echo "sender_%: the sending JVM; others_%: every other user-space process during the window (noise: rerun rows where it is high)"
echo "end: $(uptime)"
