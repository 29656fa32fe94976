#!/usr/bin/env bash
# Native memory of the WHIP bridge over many bridges: starts the real executable (build it first:
# ./gateway build), then runs B batches of N bridges in a row (aiortc publisher -> POST /stream -> WHIP offer ->
# 0.5 s of audio -> DELETE, bridged to an srt-live-transmit listener). After a warm-up batch and after every
# batch it forces a full GC and returns free native heap to the OS (jcmd GC.run, System.trim_native_heap), then
# prints the gateway's resident memory (RSS), what the JVM itself has committed (Native Memory Tracking: heap,
# metaspace, code cache, thread stacks, its own mallocs), the rest (RSS minus that: chiefly WebRTC's native
# allocations), threads and file descriptors, each as a change since the warm-up. A leak shows as memory
# growing by about the same amount every batch; without one it stays flat after the first batches.
# Usage: bench/whip-memory.sh [BATCHES [N]]   (default: 4 batches of 50)
# Every process it starts ends with it, also on an error, Ctrl-C or SIGTERM; a batch that fails says which process
# failed, its exit code and the last lines of its log.
set -euo pipefail
trap 'echo "bench/whip-memory.sh: failed at line $LINENO" >&2' ERR
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
publish="$root/gateway.itest/src/test/resources/whip/aiortc_publish.py"
batches="${1:-4}"; n="${2:-50}"
port="${BENCH_PORT:-18743}"; srt=$((port + 100))
/usr/bin/python3 -c 'import aiortc' 2>/dev/null || { echo "needs python3-aiortc" >&2; exit 1; }
command -v srt-live-transmit >/dev/null || { echo "needs srt-tools" >&2; exit 1; }

home="$(mktemp -d)"
bench_traps '[ -n "${KEEP_HOME:-}" ] || rm -rf "$home"'
mkdir -p "$home/etc"
printf 'ports = %d-%d\n' $((port + 1)) $((port + 2)) > "$home/etc/gateway.whip.cfg"
JDK_JAVA_OPTIONS="-XX:NativeMemoryTracking=summary" spawn_gateway "$home" "$port"
jcmd="$(dirname "$(readlink -f "/proc/$jpid/exe")")/jcmd"
spawn "SRT listener" "$home/listener.log" bash -c "srt-live-transmit -v 'srt://:$srt?mode=listener' file://con > /dev/null"
lp=$spawned
await_udp "$srt" || { why_failed "$lp"; exit 1; }

run() {
  spawn "aiortc publisher ($1 bridges in a row)" "$home/pub.json" \
    /usr/bin/python3 "$publish" "http://127.0.0.1:$port/stream" --repeat "$1" --srt "127.0.0.1:$srt" --seconds 0.5
  finished "$spawned" || { kill -0 "$lp" 2>/dev/null || why_failed "$lp"; kill -0 "$gw" 2>/dev/null || why_failed "$gw"; exit 1; }
  local i
  for i in $(seq 200); do [ "$(curl -s "http://127.0.0.1:$port/whip")" = "[]" ] && return 0; sleep 0.1; done
  echo "bridges still listed 20 s after the publisher ended: $(curl -s "http://127.0.0.1:$port/whip")" >&2
  exit 1
}
# rest_kb: resident memory outside what the JVM has committed itself, after a full GC and a native heap trim
rest_kb() {
  "$jcmd" "$jpid" GC.run >/dev/null
  "$jcmd" "$jpid" System.trim_native_heap >/dev/null
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$jpid/status")
  jvm=$("$jcmd" "$jpid" VM.native_memory summary | awk '/^Total:/ {for (i=1;i<=NF;i++) if ($i ~ /^committed=/) {v=$i; gsub(/[^0-9]/,"",v); print v; exit}}')
  echo $((rss - jvm))
}
measure() {
  # repeated until two readings in a row agree within 256 kB: a bridge that has just ended may still be freeing memory
  local rss jvm threads fds prev=-1 now i
  for i in $(seq 10); do
    now=$(rest_kb)
    [ "$prev" -ge 0 ] && [ $(( now > prev ? now - prev : prev - now )) -lt 256 ] && break
    prev=$now
  done
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$jpid/status")
  jvm=$("$jcmd" "$jpid" VM.native_memory summary | awk '/^Total:/ {for (i=1;i<=NF;i++) if ($i ~ /^committed=/) {v=$i; gsub(/[^0-9]/,"",v); print v; exit}}')
  threads=$(ls "/proc/$jpid/task" | wc -l); fds=$(ls "/proc/$jpid/fd" | wc -l)
  if [ -z "${base_rss:-}" ]; then base_rss=$rss; base_jvm=$jvm; base_threads=$threads; base_fds=$fds; fi
  printf '%-8s %8d %9d %+9d %+9d %+9d %+8d %+5d\n' "$1" "$2" "$rss" $((rss - base_rss)) $((jvm - base_jvm)) \
    $(( (rss - jvm) - (base_rss - base_jvm) )) $((threads - base_threads)) $((fds - base_fds))
}

echo "WHIP bridges in a row, $batches x $n; memory in kB after GC and native heap trim; changes since the warm-up"
printf '%-8s %8s %9s %9s %9s %9s %8s %5s\n' after bridges rss rss_chg jvm_chg rest_chg threads fds
run 5; measure warm-up 5
total=5
for b in $(seq 1 "$batches"); do
  t0=$(date +%s%N)
  run "$n"; total=$((total + n))
  secs=$(( ($(date +%s%N) - t0) / 1000000 ))
  measure "batch$b" "$total"
  /usr/bin/python3 -c "import json, statistics, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
ms = [d['ms'] for d in ev if d['event'] == 'answered']
print('         (%d bridges in %.1f s; offer->201 median %.1f ms)' % ($n, $secs / 1000, statistics.median(ms)))
slow = ['%s after %.2f s' % (b['event'], b['t'] - a['t']) for a, b in zip(ev, ev[1:]) if b['t'] - a['t'] > 1.0]
if slow: print('         slow steps: ' + '; '.join(slow))" "$home/pub.json"
done
/usr/bin/python3 -c "import re, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
ms = [int(m.group(1)) for m in (re.search(r'ended(?:, slowly)? \((\d+) ms to tear down', l) for l in lines) if m]
if ms: print('teardown of %d bridges: median %d ms, max %d ms' % (len(ms), statistics.median(ms), max(ms)))
for l in lines:
    if 'slowly' in l: print('  ' + l.strip())" "$home/console.log"
kill -0 "$lp" 2>/dev/null || { echo "the SRT listener has exited:"; why_failed "$lp"; }
echo "SRT connections accepted by the listener: $(grep -c 'Accepted SRT source connection' "$home/listener.log")"
