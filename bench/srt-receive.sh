#!/usr/bin/env bash
# Receives N concurrent 64 kb/s Ogg/Opus-sized live streams (50 messages/s of 160 bytes, from our SRT
# caller on loopback) with (a) our SRT listener, one JVM for all streams, and (b) srt-live-transmit, one
# process per stream (libsrt's reference tool), and prints CPU per stream, memory per stream and loss
# side by side. Build first (./gateway build). Usage: bench/srt-receive.sh [N ...] (default: 100 300 500)
#
# Every process the script starts ends with it, however it ends (its own end, an error, Ctrl-C, SIGTERM):
# an interrupted run left hundreds of srt-live-transmit listeners behind. A row that cannot be measured
# says which process failed, its exit code and the end of its log. BENCH_KEEP=1 keeps the logs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${BENCH_SECONDS:-20}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
receivers="${BENCH_RECEIVERS:-ours srt-live-transmit}"  # or only one of them
sender_nice="${BENCH_SENDER_NICE:-0}"  # niceness of the sending JVM (negative: it stands for remote sources the load here does not slow)
bench="$root/bench/srt/SrtBench.java"
command -v srt-live-transmit >/dev/null || { echo "needs srt-live-transmit (Debian srt-tools)" >&2; exit 1; }
[ -x "$JAVA" ] || { echo "no java at $JAVA (set JAVA_HOME to a JDK 21+)" >&2; exit 1; }
lib=${BENCH_LIB:-$(ls "$root"/gateway.lib.srt/target/gateway.lib.srt-*.jar 2>/dev/null | head -1)}  # BENCH_LIB: another build, to compare
[ -n "$lib" ] || { echo "build first: no gateway.lib.srt jar under $root/gateway.lib.srt/target" >&2; exit 1; }
slf=${BENCH_SLF4J:-$(ls "${BENCH_M2:-$HOME/.m2/repository}"/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar 2>/dev/null || true)}
[ -n "$slf" ] || { echo "no slf4j-api 1.7.36 jar (set BENCH_SLF4J, or BENCH_M2 to a Maven repository holding it)" >&2; exit 1; }
cp="$lib:$slf"
tck=$(getconf CLK_TCK)
work=$(mktemp -d "${TMPDIR:-/tmp}/srt-receive.XXXXXX")

# ---------------------------------------------------------------- processes: started, watched, ended

# Every process this script started, directly or not: its descendants (by parent pid).
descendants() {
  ps -eo pid=,ppid= | awk -v top=$$ '{parent[$1] = $2} END {
    for (p in parent) { q = p; while (q in parent && q != top && q > 1) q = parent[q]; if (q == top && p != top) print p } }'
}

# Ends every process still running from a row (TERM, then KILL after 3 s). Called between rows and on exit.
end_all() {
  local pids; pids=$(descendants | tr '\n' ' ')
  [ -n "${pids// /}" ] || return 0
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 30); do
    pids=$(for p in $pids; do if kill -0 "$p" 2>/dev/null; then echo "$p"; fi; done | tr '\n' ' ')
    [ -n "${pids// /}" ] || return 0
    sleep 0.1
  done
  echo "killing what did not end on SIGTERM: $pids" >&2
  kill -KILL $pids 2>/dev/null || true
}

on_exit() {
  local status=$?
  set +e
  trap - EXIT INT TERM
  end_all
  wait 2>/dev/null || true
  if [ -n "${BENCH_KEEP:-}" ]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
  exit "$status"
}
trap on_exit EXIT
# A script's background processes start with SIGINT ignored (the JVMs stay ignoring it on Ctrl-C), and a
# SIGTERM (kill, timeout) reaches the script alone: the EXIT trap ends them.
trap 'echo "interrupted: ending the processes this run started" >&2; exit 130' INT
trap 'echo "terminated: ending the processes this run started" >&2; exit 143' TERM

# reap PID: sets "status" to the exit code of a finished child, or to "running". Each child is waited
# for once; its code is kept for the next question.
declare -A codes=()
reap() {
  if [ -z "${codes[$1]:-}" ]; then
    if kill -0 "$1" 2>/dev/null; then status=running; return; fi
    local c=0; wait "$1" 2>/dev/null || c=$?; codes[$1]=$c
  fi
  status=${codes[$1]}
}

# finish PID: waits for a child to end and keeps its exit code
finish() {
  local c=0; wait "$1" 2>/dev/null || c=$?; codes[$1]=$c
}

# why NAME PID LOG: what became of a process that failed: its exit code and the last lines of its log
why() {
  reap "$2"
  printf '    %s (pid %s) %s; the end of its log:\n' "$1" "$2" \
    "$([ "$status" = running ] && echo "was still running" || echo "exited with code $status")"
  tail -n "${BENCH_LOG_LINES:-5}" "$3" 2>/dev/null | sed 's/^/      /'
}

# await_line FILE TEXT PID SECONDS: waits until FILE holds TEXT; false if PID ended or time ran out first
await_line() {
  local deadline=$((SECONDS + $4))
  until grep -q "$2" "$1" 2>/dev/null; do
    kill -0 "$3" 2>/dev/null || return 1
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# udp_bound FIRST N: how many of the UDP ports FIRST..FIRST+N-1 are bound (listening) now
udp_bound() {
  awk -v lo="$1" -v hi="$(($1 + $2))" 'function hex(s,  i, n) { n = 0; for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1; return n }
    FNR > 1 {split($2, a, ":"); p = hex(a[2]); if (p >= lo && p < hi) n++} END {print n + 0}' /proc/net/udp /proc/net/udp6
}

# ---------------------------------------------------------------- measuring

# One read for all pids (500 srt-live-transmit processes): a process per pid would skew the window.
# Processes end while /proc is read (cat then fails on their files): what was read counts.
cpu_ticks() { (cd /proc && cat $(printf '%s/stat ' "$@") 2>/dev/null || true) | awk '{t += $14 + $15} END {print t + 0}'; }
# "pid ticks" of every user-space process (kernel threads such as ksoftirqd, which deliver our loopback
# datagrams, are left out).
all_ticks() { (cd /proc && cat [0-9]*/stat 2>/dev/null || true) | awk '{sub(/^.*\) /, "& "); split($0, f, ") ")} {n = split(f[2], v, " "); if (v[2] != 2 && $1 != 2) print $1, v[12] + v[13]}'; }
# CPU of the processes in $1 (a snapshot) that are neither the sender nor the receivers, up to now.
others_ticks() { # snapshot_file pids...
  local f=$1; shift
  all_ticks | awk -v ours=" $* " 'NR == FNR {a[$1] = $2; next} ($1 in a) && index(ours, " " $1 " ") == 0 {t += $2 - a[$1]} END {print t + 0}' "$f" -
}
udp_rcvbuf_errors() { awk '/^Udp:/ {n++} /^Udp:/ && n == 2 {print $6}' /proc/net/snmp; }
rss_kb() { (cd /proc && cat $(printf '%s/status ' "$@") 2>/dev/null || true) | awk '/^VmRSS/ {t += $2} END {print t + 0}'; }

# CPU over the middle of the run: from 5 s after the senders connected to 5 s before they stop. Besides
# the receiver's own CPU: the sender's, and everything else on the machine (other users' builds make
# the figures noisy: a row with much "others" CPU should be run again).
measure() { # sender_pid receiver_pids... -> "cpu_percent rss_mb sender_percent others_percent"
  local s=$1; shift
  local snap; snap=$(mktemp "$work/snap.XXXXXX")
  sleep 5; local a as; a=$(cpu_ticks "$@"); as=$(cpu_ticks "$s"); all_ticks > "$snap"
  local w=$((seconds - 10)); sleep $w
  local b bs bo; b=$(cpu_ticks "$@"); bs=$(cpu_ticks "$s"); bo=$(others_ticks "$snap" "$s" "$@"); rm -f "$snap"
  awk -v d=$((b - a)) -v ds=$((bs - as)) -v oth=$bo -v w=$w -v hz=$tck -v rss=$(( $(rss_kb "$@") / 1024 )) \
    'BEGIN {printf "%.1f %d %.1f %.1f\n", 100 * d / hz / w, rss, 100 * ds / hz / w, 100 * oth / hz / w}'
}

# measured SENDER RECEIVERS...: measures in the background and sets cpu, rss, scpu, others. Waiting with the
# wait builtin lets Ctrl-C and SIGTERM end the script at once (bash runs a trap only after a foreground
# command, and drops SIGINT that a child survived).
measured() {
  measure "$@" > "$work/measured" &
  wait $! && read -r cpu rss scpu others < "$work/measured"
}

row() { printf '%-6s %-18s %10s %13s %7s %10s %12s %9s %9s\n' "$@"; }
rows_failed=0
failed() { printf '%-6s %-18s not measured: %s\n' "$1" "$2" "$3"; rows_failed=$((rows_failed + 1)); }

# (a) our listener: one JVM receives all N streams
run_ours() { # n
  local n1=$1 port=$((20000 + RANDOM % 20000)) cpu=- rss=- scpu=- others=- errs0 rpid spid
  local rlog="$work/ours-$n1-receive.log" slog="$work/ours-$n1-send.log"
  errs0=$(udp_rcvbuf_errors)
  "$JAVA" -XX:+UseSerialGC -cp "$cp" "$bench" receive "$port" "$n1" "$seconds" > "$rlog" 2>&1 &
  rpid=$!
  if ! await_line "$rlog" ready "$rpid" 60; then
    failed "$n1" gateway.lib.srt "the receiving JVM did not get ready (udp port $port)"; why "receiving JVM" "$rpid" "$rlog"; return
  fi
  nice -n "$sender_nice" "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$port" 0 "$n1" "$seconds" > "$slog" 2>&1 &
  spid=$!
  if ! await_line "$slog" connected "$spid" 60; then
    failed "$n1" gateway.lib.srt "the sending JVM did not connect its $n1 callers"
    why "sending JVM" "$spid" "$slog"; why "receiving JVM" "$rpid" "$rlog"; return
  fi
  if ! measured "$spid" "$rpid"; then
    failed "$n1" gateway.lib.srt "the CPU measurement failed"; return
  fi
  finish "$spid"; finish "$rpid"
  local sentm gotm
  sentm=$(sed -n 's/^sent.*messages=\([0-9]*\).*/\1/p' "$slog")
  gotm=$(sed -n 's/^received.*messages=\([0-9]*\).*/\1/p' "$rlog")
  if [ -z "$sentm" ] || [ -z "$gotm" ]; then
    failed "$n1" gateway.lib.srt "$([ -z "$sentm" ] && echo "the sender" || echo "the receiver") printed no totals"
    why "sending JVM" "$spid" "$slog"; why "receiving JVM" "$rpid" "$rlog"; return
  fi
  row "$n1" gateway.lib.srt "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$((sentm - gotm))" \
    "$(( $(udp_rcvbuf_errors) - errs0 ))" "$scpu" "$others"
  if [ -n "${BENCH_VERBOSE:-}" ]; then sed 's/^/    /' "$slog" "$rlog" | grep -E '^    (sent|received)' || true; fi
}

# (b) srt-live-transmit: one listener process per stream
run_slt() { # n
  local n1=$1 base=$((20000 + RANDOM % 20000)) cpu rss scpu others errs0 spid i
  local dir="$work/slt-$n1" slog="$work/slt-$n1-send.log"
  local -a pids=()
  mkdir -p "$dir"
  errs0=$(udp_rcvbuf_errors)
  for i in $(seq 0 $((n1 - 1))); do
    srt-live-transmit -q "srt://127.0.0.1:$((base + i))?mode=listener" file://con > "$dir/$i.bin" 2> "$dir/$i.log" &
    pids+=($!)
  done
  # every listener bound its port (or some died: a port taken, too many open files, ...)
  local deadline=$((SECONDS + 30)) bound=0 alive=$n1
  while bound=$(udp_bound "$base" "$n1"); [ "$bound" -lt "$alive" ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.1
    alive=0; for i in "${pids[@]}"; do if kill -0 "$i" 2>/dev/null; then alive=$((alive + 1)); fi; done
  done
  if [ "$bound" -lt "$n1" ]; then
    local dead=()
    for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null || dead+=("$i"); done
    failed "$n1" srt-live-transmit "$bound of $n1 listeners bound their port (udp $base-$((base + n1 - 1))); ${#dead[@]} exited"
    if [ ${#dead[@]} -gt 0 ]; then why "srt-live-transmit listener on udp $((base + dead[0]))" "${pids[${dead[0]}]}" "$dir/${dead[0]}.log"; fi
    end_all; return
  fi
  nice -n "$sender_nice" "$JAVA" -cp "$cp" "$bench" send 127.0.0.1 "$base" 1 "$n1" "$seconds" > "$slog" 2>&1 &
  spid=$!
  if ! await_line "$slog" connected "$spid" 60; then
    failed "$n1" srt-live-transmit "the callers could not all connect"
    why "sending JVM" "$spid" "$slog"
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then why "srt-live-transmit listener on udp $((base + i))" "${pids[$i]}" "$dir/$i.log"; break; fi
    done
    end_all; return
  fi
  if ! measured "$spid" "${pids[@]}"; then
    failed "$n1" srt-live-transmit "the CPU measurement failed"; end_all; return
  fi
  local dead=()
  for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null || dead+=("$i"); done
  if [ ${#dead[@]} -gt 0 ]; then
    failed "$n1" srt-live-transmit "${#dead[@]} of $n1 listeners exited while they were measured"
    why "srt-live-transmit listener on udp $((base + dead[0]))" "${pids[${dead[0]}]}" "$dir/${dead[0]}.log"
    end_all; return
  fi
  finish "$spid"
  if [ "${codes[$spid]}" != 0 ]; then failed "$n1" srt-live-transmit "the sender failed"; why "sending JVM" "$spid" "$slog"; end_all; return; fi
  sleep 1 # the listeners write what is still in flight
  end_all
  local sentb gotb
  sentb=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' "$slog")
  gotb=$(cat "$dir"/*.bin | wc -c); rm -rf "$dir"
  row "$n1" srt-live-transmit "$cpu" "$(awk -v c=$cpu -v n=$n1 'BEGIN {printf "%.3f", c/n}')" "$rss" "$(( (sentb - gotb) / 160 ))" \
    "$(( $(udp_rcvbuf_errors) - errs0 ))" "$scpu" "$others"
}

echo "start: $(uptime)"
echo "net.core.rmem_max: $(cat /proc/sys/net/core/rmem_max) bytes (our listener asks for 8 MB of socket receive buffer; the kernel caps it there)"
row N receiver "cpu_%" "cpu_%/stream" "rss_MB" "lost_msgs" "rcvbuf_errs" "sender_%" "others_%"
for n in "${@:-100 300 500}"; do
  for n1 in $n; do
    if [[ " $receivers " == *" ours "* ]]; then run_ours "$n1"; end_all; fi
    if [[ " $receivers " == *" srt-live-transmit "* ]]; then run_slt "$n1"; end_all; fi
  done
done
echo "each stream: 50 messages/s x 160 bytes (64 kb/s) for ${seconds} s on loopback; CPU measured over the middle $((seconds - 10)) s; $(nproc) cores"
echo "cpu_%: the receiver(s), 100 = one core; rcvbuf_errs: UDP datagrams the kernel dropped for a full socket receive buffer during the row (any socket);"
echo "sender_%: the sending JVM; others_%: every other user-space process during the window (noise: rerun rows where it is high)"
echo "end: $(uptime)"
if [ "$rows_failed" -gt 0 ]; then echo "$rows_failed row(s) not measured" >&2; exit 1; fi
