#!/usr/bin/env bash
# Cuts a release of the baselined bundles into the release repository cnf/release (Maven layout,
# committed to git), which every later build baselines against.
#
#   cnf/release.sh VERSION [GIT-REF]     e.g.  cnf/release.sh 0.2.0      (GIT-REF defaults to HEAD)
#
# The release is built from a clean checkout of GIT-REF in a temporary git worktree (uncommitted
# changes never leak into it), with every pom's version set to VERSION; the bundles in $RELEASE_MODULES
# are then deployed to cnf/release. Afterwards, move the project to the next -SNAPSHOT version and commit
# cnf/release together with that change (see README, bnd).
#
# An embedded jar without class files (webrtc-java's 23 MB native library in gateway.lib.webrtc) is left
# out of the released jar: baselining reads only the manifest and class files, and a file of that size
# does not belong in git. Everything else, the manifest included, is the bundle as built.
set -euo pipefail

version="${1:?usage: cnf/release.sh VERSION [GIT-REF]}"
ref="${2:-HEAD}"
modules="${RELEASE_MODULES:-gateway.api gateway.lib.ogg gateway.lib.srt gateway.lib.opus gateway.lib.webrtc}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repo="$root/cnf/release"

case "$version" in *-SNAPSHOT|"") echo "release.sh: '$version' is not a release version" >&2; exit 1 ;; esac
for m in $modules; do
  if [ -e "$repo/gateway/$m/$version" ]; then
    echo "release.sh: $m $version is already in cnf/release; a release is never replaced" >&2; exit 1
  fi
done
command -v python3 >/dev/null || { echo "release.sh: needs python3 (to strip native-only jars)" >&2; exit 1; }

work="$(mktemp -d)"
cleanup() { git -C "$root" worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

git -C "$root" worktree add --quiet --detach "$work/src" "$ref"
src="$work/src"
current="$(grep -m1 -A1 '<artifactId>gateway-parent</artifactId>' "$src/pom.xml" | sed -n 's:.*<version>\(.*\)</version>.*:\1:p')"
[ -n "$current" ] || { echo "release.sh: cannot read the project version from $ref's pom.xml" >&2; exit 1; }
echo "release.sh: building $ref (version $current) as $version: $modules" >&2
find "$src" -name pom.xml -not -path '*/target/*' -exec sed -i "s:<version>$current</version>:<version>$version</version>:g" {} +

# Baselining is off for the release build itself: it was checked when GIT-REF was built.
(cd "$src" && mvn -B -q -DskipTests -Dsrt.fuzz.skip=true -Dbnd.baseline.skip=true \
   -pl "$(echo $modules | tr ' ' ',')" -am package)

for m in $modules; do
  jar="$src/$m/target/$m-$version.jar"
  [ -f "$jar" ] || { echo "release.sh: $jar was not built" >&2; exit 1; }
  out="$work/$m-$version.jar"
  python3 - "$jar" "$out" <<'PY'
import io, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info)
        if info.filename.endswith(".jar"):
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                if not any(n.endswith(".class") for n in inner.namelist()):
                    print(f"release.sh: leaving out {info.filename} ({len(data)} bytes, no class files)", file=sys.stderr)
                    continue
        zout.writestr(info, data)
PY
  # Not offline: deploy-file refuses to run offline, though it only copies to a file: URL.
  (cd "$work" && mvn -B -q org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy-file \
     -Dfile="$out" -DgroupId=gateway -DartifactId="$m" -Dversion="$version" -Dpackaging=jar \
     -DgeneratePom=true -DrepositoryId=gateway-release -Durl="file://$repo")
  echo "release.sh: $m $version → cnf/release/gateway/$m/$version ($(stat -c %s "$out") bytes)" >&2
done
