#!/usr/bin/env bash
# Call streams at scale on the real executable: N SRT calls (a real Ogg/Opus tone at real time from our SRT caller in
# a separate JVM), first without forks, then each forked as L16 16 kHz to one local WebSocket service (Node's ws, with
# its native masking helper bufferutil, as a production ws server runs it), and prints the gateway's CPU per fork,
# chunks missing or later than 20 ms at the service, the delay from a packet's arrival at the gateway to its frame's
# arrival at the service (p50/p99), and beside it ffmpeg (libopus + swresample, and ffmpeg's own decoder) decoding
# the same audio to the same format: CPU per stream-second, ours and ffmpeg's. A packet's arrival is when the
# gateway's stream registry took it from the SRT ingest (MediaPacket.arrivalMillis, the media message's timestamp);
# the SRT ingest's own hand-over before it (each message's due time -> its audio published) is printed beside it, with
# its first part (due time -> released by the SRT listener to the ingest's thread).
# A row N forks N calls once each; a row NxM forks each of N calls M times (N × M forks to M × N connections, the
# calls' decode shared by their forks), so that the forks' own cost can be measured at counts whose calls alone
# (SRT ingest and senders) would not fit on the machine.
# The driver (bench/callstream/CallStreamBench.java, Serial collector) sends every call's packets from one pacing
# thread woken at most once a millisecond (not one timer task per packet), and asks for the forks in batches of
# BENCH_FORK_BATCH (50), each once none of the earlier forks is still connecting, so that the gateway never dials
# hundreds of connections at once and the set-up stays out of the measured window.
# Build first (./gateway build). Usage: bench/callstream.sh [N|NxM ...] (default: 50 100). BENCH_SECONDS (20);
# BENCH_DECODE=0 leaves out the decode comparison with ffmpeg; BENCH_SETTLE (3) seconds between every fork streaming
# and the window. After the table, one line per row says the p99 added latency, chunks missing, the load, the
# gateway's GC pauses in the window and its resident memory at the window's end. GATEWAY_JAVA_OPTS (the launcher's)
# adds JVM options to the launcher's defaults, e.g. to compare heap settings. BENCH_JFR=DIR records each fork row's window with JFR;
# BENCH_SCHED=DIR records 5 s of it with the kernel's scheduler events (perf sched, as root).
# BENCH_STALLS=1 (as root): over each window, a real-time probe (bench/stall-probe.py under chrt -f, about 2 % of a
# core, waking every 2 ms) measures how late the machine itself wakes a thread that nothing competes with, so that a
# row's tail can be told apart from the machine's (a virtual machine's host can take a core away without the guest
# counting steal time). It is also a disturbance: each wake preempts whatever runs on its core, which on a busy
# machine lengthened the SRT hand-over's tail (bench/callstream/RESULTS.md), so rows with it are not comparable with
# rows without.
# BENCH_PEERS (normal) is the CPU priority of the peers the script runs beside the gateway, the WebSocket service and
# the driver (the SRT senders), which stand in for remote machines: normal (as started), nice (nice -n 19) or idle
# (chrt --idle 0, SCHED_IDLE: they run only when no other thread wants the core), so that a row can show what the
# gateway itself adds when its peers do not preempt it; service-nice and service-idle lower the WebSocket service
# only; service-first raises it (nice -n -10, ahead of the gateway and the driver), standing in for a service with
# cores of its own, so that its figures show what reaches it rather than how late it got the CPU. Starved senders send
# late and in bursts (snd_p99); that lateness is before the gateway and not in gw_p99, which starts at each packet's
# arrival. The header and every summary line name the setting.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seconds="${BENCH_SECONDS:-20}"
cp="$(caller_cp)"
tck=$(getconf CLK_TCK)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
# a step that fails stops the run (set -e); say which, so that a row never ends without a word
set -E
trap 'echo "bench stopped: line $LINENO failed (exit $?): $BASH_COMMAND" >&2' ERR
peers="${BENCH_PEERS:-normal}"
case "${peers#service-}" in
  normal) peer_prio=() ;;
  nice) peer_prio=(nice -n 19) ;;
  idle) peer_prio=(chrt --idle 0) ;;
  first) [ "$peers" = service-first ] || { echo "BENCH_PEERS=first: did you mean service-first?" >&2; exit 2; }
    peer_prio=(nice -n -10) ;;
  *) echo "BENCH_PEERS must be normal, nice, idle, service-nice, service-idle or service-first, not '$peers'" >&2; exit 2 ;;
esac
driver_prio=("${peer_prio[@]}")
stalls="${BENCH_STALLS:-0}"
[ "${peers#service-}" = "$peers" ] || driver_prio=() # service-*: the driver's senders keep the normal priority
account="MABENCHACCOUNT000001:bench-token"
# the service's own modules: ws with its optional native masking helper (bufferutil), as a production ws server
# would have it; installed once into gateway.itest/target (npm ships bufferutil's prebuilt binary in the package)
modules="$root/gateway.itest/target/callstream-bench-node/node_modules"
if [ ! -d "$modules/ws" ] || [ ! -d "$modules/bufferutil" ]; then
  mkdir -p "${modules%/node_modules}" && (cd "${modules%/node_modules}" && echo '{"private":true}' > package.json && npm install --no-audit --no-fund ws@8.23.0 bufferutil@4.1.0 >/dev/null)
fi
make_tone $((seconds + 600)) "$work/tone.ogg" # long enough for the setup of 500 calls and forks on a loaded machine
make_tone 300 "$work/long.ogg"

# the gateway's own view of the delay: its histogram of packet in -> frame written to the socket (and the SRT ingest's
# two), read from one scrape at each end of the window; window_percentiles prints "p50 p99" as the upper bounds of the
# buckets they fall in (ms)
scrape() { curl -s "http://127.0.0.1:$1/metrics"; }
# delay_buckets SCRAPE [NAME]: the bucket lines of the histogram NAME (the call streams' chunk delay) in a scrape
delay_buckets() { grep "^${2:-gateway_callstream_chunk_delay_seconds}_bucket" <<< "$1" || true; }
window_percentiles() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    n = split(a, la, "\n"); for (i = 1; i <= n; i++) { split(la[i], f, " "); c0[f[1]] = f[2] }
    n = split(b, lb, "\n"); k = 0
    for (i = 1; i <= n; i++) { split(lb[i], f, " "); match(f[1], /le="[^"]*"/); le = substr(f[1], RSTART + 4, RLENGTH - 5); k++; les[k] = le; d[k] = f[2] - c0[f[1]] }
    if (k == 0 || d[k] <= 0) { print "- -"; exit }
    for (q = 1; q <= 2; q++) { t = (q == 1 ? 0.5 : 0.99) * d[k]
      for (i = 1; i <= k; i++) if (d[i] >= t) { v = (les[i] == "+Inf" ? ">" les[i - 1] * 1000 : les[i] * 1000); break }
      printf "%s%s", v, (q == 1 ? " " : "\n") } }'
}
# the gateway's collections and their pause time so far, and its young generation (jstat): "count milliseconds
# young-collections eden-capacity-KB eden-used-KB"
gc_totals() { "$JAVA_HOME/bin/jstat" -gc "$1" 2>/dev/null | awk 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i} NR == 2 {printf "%d %.0f %d %.0f %.0f\n", $c["YGC"] + $c["FGC"], 1000 * ($c["YGCT"] + $c["FGCT"]), $c["YGC"], $c["EC"], $c["EU"]}'; }
cpu_ticks() { awk '{print $14 + $15}' /proc/$1/stat; }
sys_ticks() { awk '{print $15}' /proc/$1/stat; } # of which in the kernel
# the whole machine's busy and total ticks (all cores; busy = all but idle and iowait: every process, interrupts,
# softirqs), to tell how full the cores were over a window beside what the gateway and its peers took
machine_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6, t; exit}' /proc/stat; }
run() { # n forks-per-call(0: none) -> sets cpu, prints a row
  local n=$1 forks=$2 port wsport home=$work/home-$1-$2
  port=$((20000 + RANDOM % 20000)); wsport=$((port + 1))
  mkdir -p "$home/etc"
  printf 'maxStreams = %s\nreservationTimeoutSeconds = 300\n' "$n" > "$home/etc/gateway.srt.cfg"
  printf 'accounts = %s\n' "$account" > "$home/etc/gateway.callstream.cfg"
  start_gateway "$home" "$port"
  pids+=("$gw")
  rm -f "$work/recv.in"; mkfifo "$work/recv.in"
  NODE_PATH="$modules" "${peer_prio[@]}" node "$root/bench/callstream/receiver.js" "$wsport" < "$work/recv.in" > "$work/recv.txt" 2>&1 &
  local recv=$!; pids+=("$recv")
  exec 9> "$work/recv.in" # held open while the row runs; closing it asks the receiver for its summary
  "${driver_prio[@]}" "$JAVA" -XX:+UseSerialGC -cp "$cp" "$root/bench/callstream/CallStreamBench.java" "http://127.0.0.1:$port" "$n" "$seconds" "$wsport" "$forks" "$work/tone.ogg" "$account" > "$work/out.txt" 2>&1 &
  local bench=$!; pids+=("$bench")
  until grep -q '^ready' "$work/out.txt" 2>/dev/null; do kill -0 $bench 2>/dev/null || { echo "row failed: the driver ended:"; cat "$work/out.txt"; tail -5 "$home/console.log"; exit 1; }; sleep 0.2; done
  sleep "${BENCH_SETTLE:-3}" # BENCH_SETTLE: seconds for a loaded gateway to catch up with what queued while the forks were set up
  echo reset >&9 # the receiver counts chunks and delays over the measured window only
  local m0 m1; m0=$(scrape "$port")
  local a k0 w=$((seconds - 6)) r0 d0 g0 s0; g0=$(gc_totals "$jpid"); a=$(cpu_ticks "$jpid"); k0=$(sys_ticks "$jpid"); r0=$(cpu_ticks "$recv"); d0=$(cpu_ticks "$bench"); s0=$(machine_ticks)
  # BENCH_JFR=DIR: a JFR recording of the gateway over the window of each row with forks (settings=profile: execution
  # and allocation samples), DIR/<row>.jfr; it costs the gateway some CPU, so its rows are not comparable with others
  [ -z "${BENCH_JFR:-}" ] || [ "$forks" = 0 ] || { mkdir -p "$BENCH_JFR"; "$JAVA_HOME/bin/jcmd" "$jpid" JFR.start settings=profile duration=${w}s filename="$(cd "$BENCH_JFR" && pwd)/${n}x$forks.jfr" > /dev/null; }
  # BENCH_SCHED=DIR: the kernel scheduler's events over 5 s of the window of each row with forks (perf sched record, all
  # cores; root), DIR/<row>.sched, for "perf sched timehist -i FILE": how long each thread waited for a core once woken
  [ -z "${BENCH_SCHED:-}" ] || [ "$forks" = 0 ] || { mkdir -p "$BENCH_SCHED"; (sleep 2; perf sched record -a -o "$(cd "$BENCH_SCHED" && pwd)/${n}x$forks.sched" -- sleep 5 > /dev/null 2>&1) & }
  local probe="" probe_pid=""
  if [ "$stalls" = 1 ]; then probe="$work/stalls-$n-$forks"; chrt -f 50 python3 "$root/bench/stall-probe.py" "$w" > "$probe" 2>&1 & probe_pid=$!; fi
  sleep $w
  [ -z "$probe_pid" ] || wait "$probe_pid" || true
  local stalls_part=""
  [ -z "$probe" ] || stalls_part="; the machine's own wake-ups (real-time probe, BENCH_STALLS=1) $(awk 'NF == 5 {printf "late p50 %s, p99 %s, at most %s ms; %d of %d wakes more than 5 ms late", $1, $2, $3, $4, $5; ok = 1} END {if (!ok) printf "not measured: the probe failed"}' "$probe")"
  local b k1 r1 d1 g1 s1 rss; s1=$(machine_ticks); b=$(cpu_ticks "$jpid"); rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$jpid/status); k1=$(sys_ticks "$jpid"); r1=$(cpu_ticks "$recv"); d1=$(cpu_ticks "$bench"); g1=$(gc_totals "$jpid")
  gc_line=$(awk -v a="$g0" -v b="$g1" -v w=$w 'BEGIN {split(a, x, " "); split(b, y, " "); n = y[1] - x[1]; t = y[2] - x[2]
    printf "%d collections, %.0f ms paused (%.1f %% of the window, %.1f ms each on average)", n, t, 100 * t / (1000 * w), (n > 0 ? t / n : 0)
    # what was allocated: each young collection empties a full eden (of the capacity at the window'"'"'s end), plus what
    # eden holds at the end less what it held at the start
    yc = y[3] - x[3]; mb = (yc * y[4] + y[5] - x[5]) / 1024
    printf "; %.0f young collections a minute, about %.1f MB/s allocated (eden %.1f MB)", 60 * yc / w, mb / w, y[4] / 1024}')
  wait $bench || { echo "row failed: the driver failed:"; cat "$work/out.txt"; exit 1; }
  pct() { awk -v d="$1" -v w=$w -v hz=$tck 'BEGIN {printf "%.0f", 100 * d / hz / w}'; }
  cpu=$(awk -v d=$((b - a)) -v w=$w -v hz=$tck 'BEGIN {printf "%.1f", 100 * d / hz / w}')
  local recv_cpu driver_cpu load
  load=$(cut -d' ' -f1 /proc/loadavg)
  sys=$(awk -v k=$((k1 - k0)) -v d=$((b - a)) 'BEGIN {printf "%.0f", (d > 0 ? 100 * k / d : 0)}')
  recv_cpu=$(pct $((r1 - r0))); driver_cpu=$(pct $((d1 - d0)))
  local busy_part; busy_part=$(awk -v a="$s0" -v b="$s1" -v n="$(nproc)" -v own="$cpu $recv_cpu $driver_cpu" 'BEGIN {
    split(a, x, " "); split(b, y, " "); split(own, o, " "); t = y[2] - x[2]; u = y[1] - x[1]
    if (t > 0) printf "; machine busy %.0f %% (%.2f of %d cores; the gateway, the service and the driver %.2f)", 100 * u / t, n * u / t, n, (o[1] + o[2] + o[3]) / 100}')
  local gwdelay srtdelay srtrelease; m1=$(scrape "$port")
  gwdelay=$(window_percentiles "$(delay_buckets "$m0")" "$(delay_buckets "$m1")")
  srtdelay=$(window_percentiles "$(delay_buckets "$m0" gateway_srt_delivery_delay_seconds)" "$(delay_buckets "$m1" gateway_srt_delivery_delay_seconds)")
  srtrelease=$(window_percentiles "$(delay_buckets "$m0" gateway_srt_release_delay_seconds)" "$(delay_buckets "$m1" gateway_srt_release_delay_seconds)")
  exec 9>&-
  local tries=0; until grep -q '"connections"' "$work/recv.txt" || [ $tries -gt 50 ]; do sleep 0.1; tries=$((tries + 1)); done
  kill "$gw" 2>/dev/null; wait "$gw" 2>/dev/null || true
  local stats delivered dropped sender_late
  sender_late=$(sed -n 's/^sender-late p50=\([0-9-]*\) p99=\([0-9-]*\).*/\1 \2/p' "$work/out.txt"); sender_late=${sender_late:-"- -"}
  stats=$(grep '"connections"' "$work/recv.txt" || echo '{}')
  delivered=$(sed -n 's/.*fork-delivered=\([0-9]*\).*/\1/p' "$work/out.txt"); dropped=$(sed -n 's/.*fork-dropped=\([0-9]*\).*/\1/p' "$work/out.txt")
  [ "$forks" = 0 ] || grep -q "^ready $n streaming=$((n * forks))\$" "$work/out.txt" || echo "  (not every fork streamed when the window began: $(grep '^ready' "$work/out.txt"))"
  if [ "$forks" = 0 ]; then
    printf '%-7s %-6s %8s %5s %6s %6s %6s\n' "$n" calls "$cpu" "$sys" "$recv_cpu" "$driver_cpu" "$load"
    summary+=("$n calls alone (peers $peers): the SRT ingest's delivery after each message's due time p99 <= ${srtdelay#* } ms, p50 <= ${srtdelay% *} ms (released by the SRT listener p99 <= ${srtrelease#* } ms, p50 <= ${srtrelease% *} ms; the rest is the ingest thread's wake-up); gateway GC $gc_line; resident $rss MB$busy_part$stalls_part")
  else
    node -e '
      const s = JSON.parse(process.argv[1]); const [n, m, cpu, sys, base, recv, driver, load, delivered, dropped] = process.argv.slice(2).map(Number);
      const missing = dropped + s.gaps;
      console.log([(m > 1 ? n + "x" + m : String(n)).padEnd(7), "forks ".padEnd(6), cpu.toFixed(1).padStart(8), String(sys).padStart(5), String(recv).padStart(6),
        String(driver).padStart(6), load.toFixed(2).padStart(6),
        ((cpu - base) / (n * m)).toFixed(3).padStart(10), String(s.connections).padStart(6), String(s.chunks).padStart(9),
        String(missing).padStart(8), String(s.late).padStart(8), String(s.p50).padStart(5), String(s.p99).padStart(5), String(s.closedEarly).padStart(6), process.argv[12].padStart(7), process.argv[13].padStart(7),
        String(s.jit50).padStart(6), String(s.jit99).padStart(6), process.argv[14].padStart(7), process.argv[15].padStart(7)].join(" "));
    ' "$stats" "$n" "$forks" "$cpu" "$sys" "$base_cpu" "$recv_cpu" "$driver_cpu" "$load" "${delivered:-0}" "${dropped:-0}" ${gwdelay} ${sender_late}
    local label=$n; [ "$forks" = 1 ] || label="${n}x$forks"
    summary+=("$label ($((n * forks)) forks): added latency p99 at the gateway <= ${gwdelay#* } ms, p50 <= ${gwdelay% *} ms (packet in -> frame written; goal < 30 ms; peers $peers); before it, the SRT ingest's delivery after each message's due time p99 <= ${srtdelay#* } ms, p50 <= ${srtdelay% *} ms (released by the SRT listener p99 <= ${srtrelease#* } ms, p50 <= ${srtrelease% *} ms; the rest is the ingest thread's wake-up); at the service p99 $(node -e 'const s = JSON.parse(process.argv[1]); console.log((s.p99 ?? "-") + " ms (its own event loop late by p99 " + (s.loop99 ?? "-") + ", at most " + (s.loopMax ?? "-") + " ms)")' "$stats"); missing $(node -e 'const s = JSON.parse(process.argv[1]); console.log(Number(process.argv[2]) + (s.gaps ?? 0))' "$stats" "${dropped:-0}"); chunks received $(node -e 'const s = JSON.parse(process.argv[1]); console.log(s.rate ?? "-")' "$stats") x real time (above 1: catching up with a backlog); load $load; gateway GC $gc_line; resident $rss MB$busy_part$stalls_part")
  fi
}

echo "start: $(uptime)"
echo "peers' CPU priority: BENCH_PEERS=$peers (the WebSocket service: ${peer_prio[*]:-normal}; the driver's SRT senders: ${driver_prio[*]:-normal})"
printf '%-7s %-6s %8s %5s %6s %6s %6s %10s %6s %9s %8s %8s %5s %5s %6s %7s %7s %6s %6s %7s %7s\n' N run "cpu_%" sys% recv% drive% load "cpu%/fork" conns chunks missing late20 p50 p99 closed gw_p50 gw_p99 jit50 jit99 snd_p50 snd_p99
summary=()
for row in ${@:-50 100}; do
  n=${row%x*}; m=1; [ "$row" = "$n" ] || m=${row#*x}
  run "$n" 0; base_cpu=$cpu
  run "$n" "$m"
done
echo
printf '%s\n' "${summary[@]}"
[ "${BENCH_DECODE:-1}" = 0 ] && { echo "end: $(uptime)"; exit 0; }

# ffmpeg decoding the same tone to the same format, one stream as fast as it goes: with libopus (+ swresample), as the
# gateway decodes, and with ffmpeg's own Opus decoder; the best of three runs each
ffcpu() { # decoder -> CPU % of a core per stream-second
  local best=""
  for i in 1 2 3; do
    /usr/bin/time -f '%U %S' -o "$work/ff.txt" ffmpeg -hide_banner -loglevel error $1 -i "$work/long.ogg" -f s16le -ac 1 -ar 16000 -y /dev/null
    local v; v=$(awk '{printf "%.3f", 100 * ($1 + $2) / 300}' "$work/ff.txt")
    if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN {exit !(a < b)}'; then best=$v; fi
  done
  echo "$best"
}
ff_libopus=$(ffcpu "-c:a libopus"); ff_native=$(ffcpu "")
# ours: the same decode + chunking in one JVM, as fast as it goes (bench/callstream/DecodeBench.java), with the
# system's libopus and with the Java fallback
opus_cp="$(ls "$root"/gateway.lib.opus/target/gateway.lib.opus-*.jar | grep -v sources | head -1):$(ls "$root"/gateway.lib.ogg/target/gateway.lib.ogg-*.jar | grep -v sources | head -1)"
ours=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$opus_cp" "$root/bench/callstream/DecodeBench.java" "$work/long.ogg")
java_only=$("$JAVA" -Dgateway.lib.opus.native=false -cp "$opus_cp" "$root/bench/callstream/DecodeBench.java" "$work/long.ogg")
echo "decode Opus -> L16 16 kHz mono, CPU % of a core per stream-second (best of 3 for ffmpeg):"
echo "  ffmpeg -c:a libopus (libopus 48 kHz + swresample) $ff_libopus; ffmpeg's own decoder (+ swresample) $ff_native"
echo "  gateway.lib.opus: ${ours% *} (${ours#* }); Java fallback: ${java_only% *} (${java_only#* })"
echo "  ratio gateway / ffmpeg libopus: $(awk -v a="${ours% *}" -v b="$ff_libopus" 'BEGIN {printf "%.2f", a / b}')"
echo "each call: a 64 kb/s Ogg/Opus tone in 20 ms packets; gateway CPU over the middle $((seconds - 6)) s; $(nproc) cores"
echo "cpu%/fork = (CPU with forks - CPU of the calls alone) / forks; missing = packets the forks' queues dropped (whole run) + gaps in the chunk numbering (window)"
echo "  sys% = share of the gateway's CPU spent in the kernel"
echo "  closed = connections not closed normally (1000); recv% = the WebSocket service (Node), drive% = the SRT callers and"
echo "  API client (one JVM), each in % of one core over the same window; load = the 1-minute load average at its end"
echo "chunks, missing, late20, p50/p99 count the measured window only; late20 = chunks received more than 20 ms after the"
echo "  packet reached the gateway; p50/p99 of that delay in ms"
echo "gw_p50/gw_p99 = the gateway's own histogram of that delay up to the frame's write to the socket (the bucket's upper"
echo "  bound in ms): what the gateway adds, without the loopback and the service's own queueing"
echo "jit50/jit99 = each chunk's arrival at the service against its connection's 20 ms clock (chunk number x 20 ms),"
echo "  less the connection's earliest: the lateness of the whole path, sender to service, the service's own included"
echo "snd_p50/snd_p99 = how late the driver's senders sent their packets against each call's 20 ms clock (ms): the part of"
echo "  the delay that comes before the gateway (late packets reach it late, in a burst; not in gw_p99 nor p50/p99)"
echo "end: $(uptime)"
