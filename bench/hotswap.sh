#!/usr/bin/env bash
# The central promise, measured on the real executable: N live SRT streams (a real Ogg/Opus tone from our SRT
# caller, record=true) keep flowing while every other plugin bundle is replaced with PUT /plugins/{name} and
# then restarted. Prints, per swap, how long it took, how many SRT streams dropped (must be 0) and, for the
# recorder, the gap it left in the recordings. Build first (./gateway build). Usage: bench/hotswap.sh [N] (default 20)
# Every process it starts ends with it (at its end, on an error, Ctrl-C or SIGTERM); if one fails, it says which,
# how, and the last lines of its log.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
n="${1:-20}"
cp="$(caller_cp)"
bundles="$dist/bundles"
work=$(mktemp -d)
bench_traps 'rm -rf "$work"'
seconds=45
make_tone $((seconds + 5)) "$work/tone.ogg"
port=$((20000 + RANDOM % 20000)); home="$work/home"; mkdir -p "$home/etc"
printf 'maxStreams = %s\nreservationTimeoutSeconds = 300\n' "$n" > "$home/etc/gateway.srt.cfg"
spawn_gateway "$home" "$port"
base="http://127.0.0.1:$port"
spawn "RecorderBench ($n streams)" "$work/out.txt" \
  "$JAVA" -cp "$cp" "$root/bench/recorder/RecorderBench.java" "$base" "$n" "$seconds" record "$work/tone.ogg"
bench=$spawned

# check: exits (having said why) if the gateway or the sender has ended before its time.
check() {
  local p
  for p in "$gw" "$bench"; do kill -0 "$p" 2>/dev/null || { echo "stopped early:" >&2; finished "$p" || true; exit 1; }; done
}

until grep -q '^connected' "$work/out.txt" 2>/dev/null; do check; sleep 0.2; done
sleep 3
live() { curl -s "$base/streams" | grep -o '"state":"live"' | wc -l; }
echo "start: $(uptime)"
printf '%-26s %-8s %8s %14s\n' plugin action ms srt_streams_live
printf '%-26s %-8s %8s %14s\n' "(before)" "-" "-" "$(live)/$n"
for plugin in gateway.openapi gateway.whip gateway.recorder gateway.lib.ogg; do
  jar=$(ls "$bundles/$plugin"-*.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || continue
  t0=$(date +%s%N)
  code=$(curl -s -o "$work/put.json" -w '%{http_code}' -X PUT -H 'Content-Type: application/java-archive' --data-binary "@$jar" "$base/plugins/$plugin")
  t1=$(date +%s%N); sleep 2; check
  printf '%-26s %-8s %8s %14s\n' "$plugin" "update" "$(( (t1 - t0) / 1000000 ))" "$(live)/$n $([ "$code" = 200 ] || echo "HTTP $code: $(head -c 300 "$work/put.json")")"
  t0=$(date +%s%N)
  code=$(curl -s -o "$work/put.json" -w '%{http_code}' -X POST "$base/plugins/$plugin/restart")
  t1=$(date +%s%N); sleep 2; check
  printf '%-26s %-8s %8s %14s\n' "$plugin" "restart" "$(( (t1 - t0) / 1000000 ))" "$(live)/$n $([ "$code" = 200 ] || echo "HTTP $code: $(head -c 300 "$work/put.json")")"
done
finished "$bench" || exit 1
forget_spawned "$bench"
python3 - "$base" "$work/out.txt" <<'PY'
import json, sys, urllib.request
base, out = sys.argv[1], open(sys.argv[2]).read()
recs = json.load(urllib.request.urlopen(base + "/recordings?limit=1000"))["recordings"]
gaps = [r["gapMillis"] for r in recs if r.get("previous") and r.get("gapMillis") is not None]
by_event = {}
for r in recs: by_event.setdefault(r["event"], []).append(r)
files = [len(v) for v in by_event.values()]
packets = sum(r["packets"] for r in recs)
sent = int(out.split("sent packets=")[1].split()[0])
print(f"recordings: {len(recs)} files for {len(by_event)} streams ({min(files)}-{max(files)} per stream); "
      f"recorder swaps left gaps of {min(gaps) if gaps else '-'}-{max(gaps) if gaps else '-'} ms "
      f"(mean {sum(gaps)/len(gaps):.0f} ms over {len(gaps)} joins)" if gaps else "no gaps")
print(f"audio packets sent {sent}, recorded {packets} (pre-roll included), streams ended by the senders: "
      f"{sum(1 for v in by_event.values() if any('caller disconnected' in (r.get('reason') or '') for r in v))}/{len(by_event)}")
PY
echo "end: $(uptime)"
