# What the benchmark scripts share; sourced by them, not run.
#   root, dist   the checkout and the built executable (GATEWAY_DIST: another build, to compare)
#   JAVA         a JDK 21+ (JAVA_HOME, else the machine's Temurin 25)
#   caller_cp    class path of the SRT caller benchmarks (bench/*/…Bench.java)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="${GATEWAY_DIST:-$root/distribution/target/gateway}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
caller_cp() {
  echo "$(ls "$root"/gateway.lib.srt/target/gateway.lib.srt-*.jar | head -1):$(ls "$root"/gateway.lib.ogg/target/gateway.lib.ogg-*.jar | head -1):$(ls ~/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar)"
}

# make_tone SECONDS FILE: a 440 Hz Ogg/Opus tone, 64 kb/s, 20 ms pages (as the reference document's sender).
make_tone() {
  ffmpeg -hide_banner -loglevel error -f lavfi -i "sine=frequency=440:duration=$1" -c:a libopus -b:a 64k \
    -page_duration 20000 -f ogg "$2"
}

# start_gateway HOME PORT: starts the executable on loopback in the background and waits until /ping says
# every endpoint is deployed (204). Sets gw (the launcher's pid) and jpid (its JVM's). JVM options can be added
# with JDK_JAVA_OPTIONS, which keeps bin/gateway's own.
start_gateway() {
  [ -x "$dist/bin/gateway" ] || { echo "build first: ./gateway build" >&2; exit 1; }
  mkdir -p "$1"
  "$dist/bin/gateway" --home "$1" --port "$2" --host 127.0.0.1 > "$1/console.log" 2>&1 &
  gw=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$2/ping")" = 204 ]; do
    kill -0 "$gw" 2>/dev/null || { echo "the gateway did not start:" >&2; tail -20 "$1/console.log" >&2; exit 1; }
    sleep 0.1
  done
  jpid=$(pgrep -f "gateway.jar --home $1" | head -1)
}
