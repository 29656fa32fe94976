#!/usr/bin/env bash
# Measures the real executable (distribution/target/gateway, build it first with ./gateway build):
#   - time from process start to the first 204 from /ping, and the CPU time (user + system) the JVM had used by
#     then, which a machine busy with other work disturbs much less than the wall-clock time
#   - resident memory after 5 s idle
#   - time from dropping the example plugin into deploy/ to GET /stats answering 200,
#     and from deleting it to /stats answering 404
# Usage: bench/startup.sh [runs]   (default 5). Prints one line per run and the medians of the runs that worked;
# a run that fails says why in its row. Every gateway it started is stopped on any exit (end, error, Ctrl-C).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${GATEWAY_DIST:-$root/distribution/target/gateway}"
plugin="$(ls "$root"/gateway.example.stats/target/gateway.example.stats-*.jar 2>/dev/null | head -1 || true)"
runs="${1:-5}"
port="${BENCH_PORT:-18543}"
[ -x "$dist/bin/gateway" ] || { echo "build first: ./gateway build" >&2; exit 1; }
[ -n "$plugin" ] || { echo "the example plugin is not built: ./gateway build" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }

pid=""
home=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  pid=""
  [ -n "$home" ] && rm -rf "$home"
  home=""
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

now_ms() { date +%s%3N; }
# wait_status PATH STATUS START_MS: prints the ms from START_MS until PATH answers STATUS; after 30 s, or when the
# gateway has exited, prints why and fails
wait_status() {
  local path=$1 want=$2 start=$3 code
  local limit=$((start + 30000))
  while :; do
    kill -0 "$pid" 2>/dev/null || { echo "the gateway exited (its last lines below)"; return 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port$path" || true)
    [ "$code" = "$want" ] && { echo $(( $(now_ms) - start )); return 0; }
    [ "$(now_ms)" -gt "$limit" ] && { echo "$path did not answer $want within 30 s (last status ${code:-none})"; return 1; }
    sleep 0.01
  done
}
hz=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$hz" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
failed_run() { # run reason
  printf '%-4s failed: %s\n' "$1" "$2"
  [ -f "$home/console.log" ] && tail -5 "$home/console.log" | sed 's/^/     | /'
  failures=$((failures + 1))
  cleanup
}

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is in use; set BENCH_PORT" >&2
  exit 1
fi

printf '%-4s %12s %12s %10s %12s %12s\n' run "ready_ms" "ready_cpu_ms" "idle_MB" "deploy_ms" "undeploy_ms"
ready_all=(); cpu_all=(); rss_all=(); dep_all=(); undep_all=(); failures=0
for i in $(seq 1 "$runs"); do
  home="$(mktemp -d)"
  start=$(now_ms)
  "$dist/bin/gateway" --home "$home" --port "$port" --host 127.0.0.1 >"$home/console.log" 2>&1 &
  pid=$! # bin/gateway execs java: this is the JVM
  ready=$(wait_status /ping 204 "$start") || { failed_run "$i" "start: $ready"; continue; }
  cpu=$(cpu_ms "$pid") || { failed_run "$i" "the gateway exited after answering /ping"; continue; }
  sleep 5
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null) || { failed_run "$i" "the gateway exited while idle"; continue; }
  cp "$plugin" "$home/stats.jar.part"; t=$(now_ms); mv "$home/stats.jar.part" "$home/deploy/stats.jar"
  dep=$(wait_status /stats 200 "$t") || { failed_run "$i" "deploy: $dep"; continue; }
  t=$(now_ms); rm "$home/deploy/stats.jar"
  undep=$(wait_status /stats 404 "$t") || { failed_run "$i" "undeploy: $undep"; continue; }
  cleanup
  printf '%-4s %12s %12s %10s %12s %12s\n' "$i" "$ready" "$cpu" "$rss" "$dep" "$undep"
  ready_all+=("$ready"); cpu_all+=("$cpu"); rss_all+=("$rss"); dep_all+=("$dep"); undep_all+=("$undep")
done
printf '%-4s %12s %12s %10s %12s %12s\n' median \
  "$(printf '%s\n' "${ready_all[@]}" | median)" "$(printf '%s\n' "${cpu_all[@]}" | median)" "$(printf '%s\n' "${rss_all[@]}" | median)" \
  "$(printf '%s\n' "${dep_all[@]}" | median)" "$(printf '%s\n' "${undep_all[@]}" | median)"
echo "JVM options: bin/gateway's defaults${GATEWAY_JAVA_OPTS:+ + $GATEWAY_JAVA_OPTS}; machine: $(nproc) cores; $failures of $runs runs failed"
[ "$failures" -eq 0 ]
