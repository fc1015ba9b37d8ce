#!/usr/bin/env bash
# Writes bin/goimage, a launcher for the runner's jar, so the CLI runs from the checkout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/bin"
cat >"$root/bin/goimage" <<'LAUNCHER'
#!/usr/bin/env bash
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
jar="$root/runner/target/goimage.jar"
[ -f "$jar" ] || { echo "goimage: $jar is missing; run 'make build' first" >&2; exit 2; }
export GOIMAGE_HOME="$root"
# A short-lived CLI: quick start-up matters more than peak JIT performance.
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${GOIMAGE_JAVA_OPTS:-} -jar "$jar" "$@"
LAUNCHER
chmod +x "$root/bin/goimage"
