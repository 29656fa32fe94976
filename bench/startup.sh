#!/usr/bin/env bash
# Measures the real executable (distribution/target/gateway, build it first with ./gateway build):
#   - time from process start to the first 204 from /ping
#   - resident memory after 5 s idle
#   - time from dropping the example plugin into deploy/ to GET /stats answering 200,
#     and from deleting it to /stats answering 404
# Usage: bench/startup.sh [runs]   (default 5). Prints one line per run and the medians.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$root/distribution/target/gateway"
plugin="$(ls "$root"/gateway.example.stats/target/gateway.example.stats-*.jar | head -1)"
runs="${1:-5}"
port="${BENCH_PORT:-18543}"
[ -x "$dist/bin/gateway" ] || { echo "build first: ./gateway build" >&2; exit 1; }

now_ms() { date +%s%3N; }
wait_status() { # path status timeout_ms -> prints elapsed ms from $2 start
  local path=$1 want=$2 start=$3 limit=$((start + 30000))
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path" || true)
    [ "$code" = "$want" ] && { echo $(( $(now_ms) - start )); return 0; }
    [ "$(now_ms)" -gt "$limit" ] && { echo "timeout"; return 1; }
    sleep 0.01
  done
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

printf '%-4s %12s %10s %12s %12s\n' run "ready_ms" "idle_MB" "deploy_ms" "undeploy_ms"
ready_all=(); rss_all=(); dep_all=(); undep_all=()
for i in $(seq 1 "$runs"); do
  home="$(mktemp -d)"
  start=$(now_ms)
  "$dist/bin/gateway" --home "$home" --port "$port" --host 127.0.0.1 >"$home/console.log" 2>&1 &
  pid=$!
  ready=$(wait_status /ping 204 "$start")
  sleep 5
  jpid=$(pgrep -f "gateway.jar --home $home" | head -1 || echo $pid)
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$jpid/status")
  cp "$plugin" "$home/stats.jar.part"; t=$(now_ms); mv "$home/stats.jar.part" "$home/deploy/stats.jar"
  dep=$(wait_status /stats 200 "$t")
  t=$(now_ms); rm "$home/deploy/stats.jar"
  undep=$(wait_status /stats 404 "$t")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$home"
  printf '%-4s %12s %10s %12s %12s\n' "$i" "$ready" "$rss" "$dep" "$undep"
  ready_all+=("$ready"); rss_all+=("$rss"); dep_all+=("$dep"); undep_all+=("$undep")
done
printf '%-4s %12s %10s %12s %12s\n' median \
  "$(printf '%s\n' "${ready_all[@]}" | median)" "$(printf '%s\n' "${rss_all[@]}" | median)" \
  "$(printf '%s\n' "${dep_all[@]}" | median)" "$(printf '%s\n' "${undep_all[@]}" | median)"
echo "JVM options: ${GATEWAY_JAVA_OPTS:-(defaults of bin/gateway)}; machine: $(nproc) cores"
