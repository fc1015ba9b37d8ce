#!/usr/bin/env bash
# make demo: build examples/hello in local mode and show the image answering. On a fresh machine it
# installs what it needs (buildkitd, registry, base images, SSH git server), starts a registry and a
# git server on 127.0.0.1, publishes examples/hello, runs `bin/goimage build -f
# examples/hello/goimagebuild.yaml`, runs the pushed image by digest with runc and curls /healthz.
# Everything it started is stopped at the end (also on failure). Safe to run again.
#   DEMO_REGISTRY_PORT (5055), DEMO_GIT_PORT (2255), DEMO_APP_PORT (8088): override busy ports.
source "$(dirname "$0")/lib.sh"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

reg_port=${DEMO_REGISTRY_PORT:-5055}
git_port=${DEMO_GIT_PORT:-2255}
app_port=${DEMO_APP_PORT:-8088}
state=$GOIMAGE_CACHE/run/demo
mkdir -p "$state"

step() { printf '\n==> %s\n' "$*"; }
started=()      # cleanup actions, run in reverse order
cleanup() {
  local rc=$?
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do eval "${started[$i]}" >/dev/null 2>&1 || true; done
  [ $rc -eq 0 ] && printf '\n==> demo OK: everything it started is stopped\n' || printf '\n==> demo FAILED (exit %d)\n' "$rc" >&2
  exit $rc
}
trap cleanup EXIT

# A port is usable if nothing listens on it, or if our own instance (same state dir) does.
port_free_or_ours() { # PORT SCRIPT DIR
  [ -z "$(ss -Hltn "sport = :$1")" ] && return 0
  "$2" addr --port "$1" --dir "$3" >/dev/null 2>&1
}

step "tools: buildkitd $BUILDKIT_VERSION, registry, git server, runc (installed once, cached)"
apt_install curl jq iproute2
hack/install-buildkit.sh >/dev/null
if [ ! -f runner/target/goimage.jar ] || [ ! -x bin/goimage ]; then
  step "building the goimage CLI (make build)"
  make build
fi

step "registry on 127.0.0.1:$reg_port"
port_free_or_ours "$reg_port" hack/registry.sh "$state/registry" ||
  die "port $reg_port is busy: set DEMO_REGISTRY_PORT to a free port"
hack/registry.sh addr --port "$reg_port" --dir "$state/registry" >/dev/null 2>&1 ||
  started+=("hack/registry.sh stop --port $reg_port --dir '$state/registry'")
registry=$(hack/registry.sh start --port "$reg_port" --dir "$state/registry")

step "base images (busybox, golang) into $registry, the docker.io mirror of buildkitd"
hack/images.sh --registry "$registry" | sed 's/^/    /'

step "SSH git server on 127.0.0.1:$git_port, publishing examples/hello"
port_free_or_ours "$git_port" hack/gitserver.sh "$state/git" ||
  die "port $git_port is busy: set DEMO_GIT_PORT to a free port"
hack/gitserver.sh addr --port "$git_port" --dir "$state/git" >/dev/null 2>&1 ||
  started+=("hack/gitserver.sh stop --port $git_port --dir '$state/git'")
hack/gitserver.sh start --port "$git_port" --dir "$state/git" >/dev/null
key=$(hack/gitserver.sh keygen --port "$git_port" --dir "$state/git")
hack/gitserver.sh known-hosts --port "$git_port" --dir "$state/git" >"$state/known_hosts"
hack/gitserver.sh publish examples/hello hello --port "$git_port" --dir "$state/git" | sed 's/^/    /'

spec=examples/hello/goimagebuild.yaml
if [ "$reg_port" != 5055 ] || [ "$git_port" != 2255 ]; then
  sed -e "s#127.0.0.1:2255/#127.0.0.1:$git_port/#" -e "s#127.0.0.1:5055/#127.0.0.1:$reg_port/#" \
    "$spec" >"$state/goimagebuild.yaml"
  spec=$state/goimagebuild.yaml
fi

port_free_or_ours "$app_port" false /nonexistent ||
  die "port $app_port is busy: set DEMO_APP_PORT to a free port"

step "bin/goimage build -f $spec"
rm -f "$state/result.json"
bin/goimage build -f "$spec" --ssh-key "$key" --known-hosts "$state/known_hosts" \
  --docker-mirror "$registry" --buildkit-root "$state/buildkitd" --result "$state/result.json"
image=$(jq -r .imageRef "$state/result.json")
[ -n "$image" ] && [ "$image" != null ] || die "no image reference in $state/result.json"

step "running $image (runc, host network, PORT=$app_port)"
id=$(hack/run-image.sh run "$image" --registry-insecure --port "$app_port" --wait-http /healthz)
started+=("hack/run-image.sh stop '$id'")

step "curl -i http://127.0.0.1:$app_port/healthz"
curl -sS -i --max-time 5 "http://127.0.0.1:$app_port/healthz"
echo
