#!/usr/bin/env bash
# Runs an image from a registry without Docker: skopeo copies it into an OCI layout, umoci unpacks it into a
# runtime bundle (its config.json comes from the image config: entrypoint, cmd, env, user, workdir), and runc
# runs it detached in the host's network namespace, so a service in it listens on this machine's loopback.
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<'EOF'
Usage:
  hack/run-image.sh [run] IMAGE_REF [--registry-insecure] [--port PORT] [--name ID] [--env KEY=VALUE]...
                    [--wait-http PATH] [-- ARG...]
      IMAGE_REF: REGISTRY/REPO[:TAG][@sha256:DIGEST] (or any skopeo transport, e.g. oci:DIR:TAG).
      --registry-insecure  plain HTTP / unverified TLS towards the registry
      --port PORT          sets PORT=PORT in the container and waits until something listens on it
      --wait-http PATH     with --port: also waits until http://127.0.0.1:PORT/PATH answers 2xx
      -- ARG...            replaces the image's CMD (the ENTRYPOINT stays)
      Prints the container id. Logs: $GOIMAGE_CACHE/run/containers/ID/container.log
      GOIMAGE_REGISTRY_CREDS=USER:PASSWORD in the environment authenticates the pull (never logged).
  hack/run-image.sh stop ID     kills the container, deletes it and its bundle (idempotent)
  hack/run-image.sh logs ID     prints the container's output
  hack/run-image.sh state ID    prints "running", "exited CODE" or "absent"
  hack/run-image.sh kill ID     SIGKILLs the container's process (it stays exited until restart)
  hack/run-image.sh restart ID  starts an exited container again from its bundle, like a kubelet
  hack/run-image.sh exec ID CMD...  runs CMD in the running container, exit code passed through
EOF
}

runc_root=$GOIMAGE_CACHE/run/runc
containers=$GOIMAGE_CACHE/run/containers

# Runs the container in the foreground of a detached supervisor, so its exit code is kept
# (runc run -d would lose it): STATE/exit-code appears when it ends.
start_container() {
  local id=$1 state=$2
  rm -f "$state/exit-code"
  runc --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
  setsid bash -c 'runc --root "$1" run --bundle "$2/bundle" "$3" </dev/null >>"$2/container.log" 2>&1; echo $? >"$2/exit-code"' \
    _ "$runc_root" "$state" "$id" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 100); do
    [ "$(runc --root "$runc_root" state "$id" 2>/dev/null | jq -r .status)" = running ] && return 0
    [ -f "$state/exit-code" ] && return 0
    sleep 0.05
  done
  die "runc could not start $id"
}

container_state() {
  local id=$1 state=$containers/$1
  if [ "$(runc --root "$runc_root" state "$id" 2>/dev/null | jq -r .status)" = running ]; then
    echo running
  elif [ -f "$state/exit-code" ]; then
    echo "exited $(cat "$state/exit-code")"
  elif [ -d "$state" ]; then
    echo running # the supervisor is still starting it
  else
    echo absent
  fi
}

stop_container() {
  local id=$1
  [[ $id =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "bad container id $id"
  if runc --root "$runc_root" state "$id" >/dev/null 2>&1; then
    runc --root "$runc_root" kill "$id" TERM 2>/dev/null || true
    for _ in $(seq 30); do
      [ "$(runc --root "$runc_root" state "$id" 2>/dev/null | jq -r .status)" = stopped ] && break
      sleep 0.1
    done
    runc --root "$runc_root" delete --force "$id" >/dev/null 2>&1 || true
  fi
  rm -rf "${containers:?}/$id"
}

case ${1:-} in
  -h|--help|help|"") usage; [ -n "${1:-}" ]; exit ;;
  stop) [ $# -eq 2 ] || die "usage: run-image.sh stop ID"; apt_install runc jq; stop_container "$2"; exit 0 ;;
  logs) [ $# -eq 2 ] || die "usage: run-image.sh logs ID"; cat "$containers/$2/container.log"; exit 0 ;;
  state) [ $# -eq 2 ] || die "usage: run-image.sh state ID"; container_state "$2"; exit 0 ;;
  kill) [ $# -eq 2 ] || die "usage: run-image.sh kill ID"; runc --root "$runc_root" kill "$2" KILL; exit 0 ;;
  restart) [ $# -eq 2 ] || die "usage: run-image.sh restart ID"; [ -d "$containers/$2/bundle" ] || die "no container $2"
    start_container "$2" "$containers/$2"; exit 0 ;;
  exec) [ $# -ge 3 ] || die "usage: run-image.sh exec ID CMD..."; id=$2; shift 2
    exec runc --root "$runc_root" exec "$id" "$@" ;;
  run) shift ;;
esac

ref="" insecure=0 port="" id="" wait_path="" envs=() cmd_args=() has_args=0
while [ $# -gt 0 ]; do
  case $1 in
    --registry-insecure) insecure=1; shift ;;
    --port) port=$2; shift 2 ;;
    --name) id=$2; shift 2 ;;
    --env) envs+=("$2"); shift 2 ;;
    --wait-http) wait_path=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; cmd_args=("$@"); has_args=1; break ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [ -z "$ref" ] || die "one image only"; ref=$1; shift ;;
  esac
done
[ -n "$ref" ] || { usage >&2; exit 2; }
[[ $ref == *:*//* || $ref == oci:* || $ref == docker://* ]] || ref=docker://$ref
# skopeo 1.9 refuses NAME:TAG@DIGEST; the digest alone is what we mean.
if [[ $ref == docker://*@sha256:* ]]; then
  name=${ref%@*}
  [[ ${name##*/} == *:* ]] && name=${name%:*}
  ref=$name@${ref#*@}
fi
id=${id:-goimage-$(date +%s)-$RANDOM}
[[ $id =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "bad container id $id"

apt_install skopeo umoci runc jq
state=$containers/$id
[ ! -e "$state" ] || die "container $id exists already (hack/run-image.sh stop $id)"
mkdir -p "$state" "$runc_root"
ok=0
trap '[ "$ok" = 1 ] || { tail -n 20 "$state/container.log" >&2 2>/dev/null || true; stop_container "$id"; }' EXIT

authfile=""
if [ -n "${GOIMAGE_REGISTRY_CREDS:-}" ]; then
  authfile=$state/auth.json
  registry=${ref#docker://}; registry=${registry%%/*}
  (umask 077; jq -cn --arg r "$registry" --arg a "$(printf '%s' "$GOIMAGE_REGISTRY_CREDS" | base64 -w0)" \
    '{"auths":{($r):{"auth":$a}}}' >"$authfile")
fi
tls=(); [ "$insecure" = 1 ] && tls=(--src-tls-verify=false)
skopeo copy -q "${tls[@]}" ${authfile:+--src-authfile "$authfile"} "$ref" "oci:$state/layout:image" >&2
rm -f "$authfile"
umoci unpack --image "$state/layout:image" "$state/bundle" >/dev/null
image_entrypoint=$(skopeo inspect --config "oci:$state/layout:image" | jq -c '.config.Entrypoint // []')
rm -rf "$state/layout"

# Host network (no network namespace), no terminal, extra env; CMD replaced when args were given.
env_json=$(printf '%s\n' ${port:+"PORT=$port"} "${envs[@]}" | jq -R . | jq -sc 'map(select(. != ""))')
args_json=$(printf '%s\n' "${cmd_args[@]}" | jq -R . | jq -sc 'map(select(. != ""))')
jq --argjson env "$env_json" --argjson args "$args_json" --argjson ep "$image_entrypoint" --argjson has "$has_args" '
  .process.terminal = false
  | .linux.namespaces |= map(select(.type != "network"))
  | .process.env = ((.process.env // []) | map(select(. as $e | $env | map(split("=")[0] + "=") | any(. as $p | $e | startswith($p)) | not))) + $env
  | if $has == 1 then .process.args = $ep + $args else . end
' "$state/bundle/config.json" >"$state/config.json"
mv "$state/config.json" "$state/bundle/config.json"

# Detached: the container's stdio goes to its log file, nothing stays attached to our caller.
: >"$state/container.log"
start_container "$id" "$state"

if [ -n "$port" ]; then
  up=0
  for _ in $(seq 100); do
    [ "$(runc --root "$runc_root" state "$id" 2>/dev/null | jq -r .status)" = running ] || break
    if [ -n "$(ss -Hltn "sport = :$port")" ]; then
      if [ -z "$wait_path" ] || curl -fsS -o /dev/null "http://127.0.0.1:$port/${wait_path#/}"; then up=1; break; fi
    fi
    sleep 0.1
  done
  [ "$up" = 1 ] || die "container $id is not serving on 127.0.0.1:$port"
fi
ok=1
echo "$id"
