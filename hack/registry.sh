#!/usr/bin/env bash
# A local OCI registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1 for tests and the demo.
# Several instances can run side by side: each one is keyed by its port and keeps its state in its own dir.
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<'EOF'
Usage:
  hack/registry.sh start [--port PORT] [--dir DIR] [--htpasswd USER:PASSWORD]
      Starts a registry on 127.0.0.1:PORT (default 5000; 0 picks a free port), waits until /v2/ answers
      and prints its address (127.0.0.1:PORT). Idempotent: a running instance is reused.
      --htpasswd turns on basic auth (bcrypt via htpasswd -B); the password may also come from the
      environment as GOIMAGE_REGISTRY_HTPASSWD=USER:PASSWORD, which keeps it out of `ps`.
  hack/registry.sh stop [--port PORT] [--dir DIR]    stops it (by PID) and keeps its data
  hack/registry.sh addr [--port PORT] [--dir DIR]    prints the address if it is running, exits 1 if not
Data: DIR (default $GOIMAGE_CACHE/run/registry-PORT) holds config.yml, registry.pid, registry.log, data/.
EOF
}

cmd=${1:-}; [ $# -gt 0 ] && shift
port=5000 dir="" htpasswd="${GOIMAGE_REGISTRY_HTPASSWD:-}"
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --htpasswd) htpasswd=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
case $cmd in -h|--help|help) usage; exit 0 ;; start|stop|addr) ;; *) usage >&2; exit 2 ;; esac


if [ "$port" = 0 ]; then
  [ "$cmd" = start ] || die "--port 0 only makes sense with start"
  port=$(free_port)
fi
dir=${dir:-$GOIMAGE_CACHE/run/registry-$port}
addr=127.0.0.1:$port
pidfile=$dir/registry.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
answers() { local code; code=$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/v2/" || true); [ "$code" = 200 ] || [ "$code" = 401 ]; }

case $cmd in
  addr)
    running && answers || { log "no registry running at $addr (dir $dir)"; exit 1; }
    echo "$addr" ;;
  stop)
    if running; then
      pid=$(cat "$pidfile"); kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped registry $addr (pid $pid)"
    fi
    rm -f "$pidfile" ;;
  start)
    apt_install docker-registry apache2-utils curl
    mkdir -p "$dir/data"
    if running && answers; then echo "$addr"; exit 0; fi
    [ -z "$(ss -Hltn "sport = :$port")" ] || die "port $port is already in use by another process"
    auth=""
    if [ -n "$htpasswd" ]; then
      user=${htpasswd%%:*}; pass=${htpasswd#*:}
      [ -n "$user" ] && [ "$user" != "$htpasswd" ] || die "--htpasswd wants USER:PASSWORD"
      # -i reads the password from stdin so it never shows up in a process listing.
      printf '%s' "$pass" | htpasswd -iBc "$dir/htpasswd" "$user" 2>/dev/null
      auth="auth:
  htpasswd:
    realm: goimage-registry
    path: $dir/htpasswd"
    else
      rm -f "$dir/htpasswd"
    fi
    cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $addr
  secret: $(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
$auth
EOF
    # setsid + redirected stdio: the registry outlives this script and holds no pipe of its caller.
    setsid docker-registry serve "$dir/config.yml" </dev/null >"$dir/registry.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 100); do
      answers && { echo "$addr"; exit 0; }
      running || break
      sleep 0.1
    done
    tail -n 20 "$dir/registry.log" >&2 || true
    die "registry did not come up on $addr" ;;
esac
