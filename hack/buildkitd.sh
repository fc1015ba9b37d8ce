#!/usr/bin/env bash
# Runs a rootful buildkitd (OCI worker, runc) for tests and the demo, with its own state dir.
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<'EOF2'
Usage:
  hack/buildkitd.sh start [--root DIR] [--addr unix:///PATH|tcp://HOST:PORT] [--mirror HOST:PORT]
                          [--insecure-registry HOST:PORT]... [--tls-dir DIR] [--debug]
      Starts buildkitd (building it first through hack/install-buildkit.sh if needed), waits until
      `buildctl debug workers` answers and prints its address. Idempotent: a running instance with
      the same root is reused.
      --root DIR        state dir (default $GOIMAGE_CACHE/run/buildkitd); holds buildkitd.toml,
                        buildkitd.pid, buildkitd.log and the worker state
      --addr ADDR       listen address (default unix://DIR/buildkitd.sock)
      --mirror H:P      make the plain-HTTP registry H:P the mirror for docker.io (and insecure)
      --insecure-registry H:P   plain-HTTP, unverified registry (repeatable)
      --tls-dir DIR     for tcp:// addresses: DIR/{ca.pem,cert.pem,key.pem} enable mutual TLS
  hack/buildkitd.sh stop [--root DIR]     stops it by PID (keeps the state dir)
  hack/buildkitd.sh addr [--root DIR]     prints the address if running, exits 1 if not
EOF2
}

cmd=${1:-}; [ $# -gt 0 ] && shift
root="" addr="" mirror="" tls_dir="" debug=false insecure=()
while [ $# -gt 0 ]; do
  case $1 in
    --root) root=$2; shift 2 ;;
    --addr) addr=$2; shift 2 ;;
    --mirror) mirror=$2; shift 2 ;;
    --insecure-registry) insecure+=("$2"); shift 2 ;;
    --tls-dir) tls_dir=$2; shift 2 ;;
    --debug) debug=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
case $cmd in -h|--help|help) usage; exit 0 ;; start|stop|addr) ;; *) usage >&2; exit 2 ;; esac

root=${root:-$GOIMAGE_CACHE/run/buildkitd}
mkdir -p "$root"
root=$(cd "$root" && pwd)
pidfile=$root/buildkitd.pid
addrfile=$root/buildkitd.addr

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case $cmd in
  addr)
    running || exit 1
    cat "$addrfile"
    ;;
  stop)
    if running; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && { log "buildkitd $pid did not stop in 10s, killing"; kill -9 "$pid"; }
      log "buildkitd stopped (pid $pid)"
    fi
    rm -f "$pidfile"
    ;;
  start)
    if running; then cat "$addrfile"; exit 0; fi
    bin=$("$(dirname "$0")/install-buildkit.sh")
    addr=${addr:-unix://$root/buildkitd.sock}
    {
      echo "# written by hack/buildkitd.sh"
      echo "root = \"$root/state\""
      echo "debug = $debug"
      echo "[grpc]"
      echo "  address = [\"$addr\"]"
      if [ -n "$tls_dir" ]; then
        echo "  [grpc.tls]"
        echo "    cert = \"$tls_dir/cert.pem\""
        echo "    key = \"$tls_dir/key.pem\""
        echo "    ca = \"$tls_dir/ca.pem\""
      fi
      echo "[worker.oci]"
      echo "  enabled = true"
      echo "  gc = true"
      echo "[worker.containerd]"
      echo "  enabled = false"
      if [ -n "$mirror" ]; then
        echo "[registry.\"docker.io\"]"
        echo "  mirrors = [\"$mirror\"]"
        insecure+=("$mirror")
      fi
      for r in "${insecure[@]}"; do
        echo "[registry.\"$r\"]"
        echo "  http = true"
        echo "  insecure = true"
      done
    } >"$root/buildkitd.toml"
    case $addr in unix://*) rm -f "${addr#unix://}" ;; esac
    log "starting buildkitd (root $root, addr $addr)"
    PATH="$bin:$PATH" setsid "$bin/buildkitd" --config "$root/buildkitd.toml" \
      >"$root/buildkitd.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    echo "$addr" >"$addrfile"
    ctl=("$bin/buildctl" --addr "$addr")
    if [ -n "$tls_dir" ]; then
      ctl+=(--tlscacert "$tls_dir/ca.pem" --tlscert "$tls_dir/client-cert.pem" --tlskey "$tls_dir/client-key.pem")
    fi
    for _ in $(seq 300); do
      if ! running; then tail -20 "$root/buildkitd.log" >&2; die "buildkitd exited; log: $root/buildkitd.log"; fi
      "${ctl[@]}" debug workers >/dev/null 2>&1 && { echo "$addr"; exit 0; }
      sleep 0.2
    done
    tail -20 "$root/buildkitd.log" >&2
    die "buildkitd did not answer within 60s; log: $root/buildkitd.log"
    ;;
esac
