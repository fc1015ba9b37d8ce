#!/usr/bin/env bash
# `make e2e`: tools, a real single-node cluster, images, the operator installed by its Helm chart,
# the *E2E tests, and the cluster torn down again (also on failure). Prints how long each step took.
#   E2E_KEEP_CLUSTER=1   leave the cluster running afterwards (tear it down with cluster.sh down)
#   E2E_TEST=Pattern     run only the matching E2E classes (failsafe's -Dit.test)
#   E2E_BUILDKIT_MODE=privileged|rootless   how build pods run buildkitd (default privileged: rootful
#                        buildkitd; rootless: the chart's default, rootlesskit in an unprivileged pod)
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$repo/hack/lib.sh"
cd "$repo"

t0=$(date +%s) last=$t0
step() { local now; now=$(date +%s); log "e2e: $1 done in $((now - last))s (total $((now - t0))s)"; last=$now; }

teardown() {
  local rc=$?
  if [ "${E2E_KEEP_CLUSTER:-0}" = 1 ]; then
    log "e2e: E2E_KEEP_CLUSTER=1, cluster left running (e2e/cluster/cluster.sh down)"
  else
    e2e/cluster/cluster.sh down || rc=1
    step "cluster down"
  fi
  exit "$rc"
}

hack/install-kube-bins.sh --node >/dev/null
helm=$(hack/install-helm.sh)
hack/install-buildkit.sh >/dev/null
step "tools"

trap teardown EXIT
e2e/cluster/cluster.sh up >/dev/null
set -a
# shellcheck disable=SC1090 # KEY=VALUE lines printed by cluster.sh env
source <(e2e/cluster/cluster.sh env)
set +a
step "cluster up (node Ready)"

mode=${E2E_BUILDKIT_MODE:-privileged}
case $mode in rootless) buildkit_suffix=-rootless ;; privileged) buildkit_suffix="" ;; *) die "E2E_BUILDKIT_MODE: rootless or privileged" ;; esac
hack/images.sh --registry "$E2E_REGISTRY" >/dev/null
hack/images-cluster.sh --registry "$E2E_REGISTRY" --tag e2e >/dev/null
step "images"

"$helm" upgrade --install goimage charts/goimage-operator --kubeconfig "$KUBECONFIG" \
  --namespace goimage-system --create-namespace --wait --timeout 5m \
  --set image.repository="$E2E_REGISTRY/goimage/operator" --set image.tag=e2e --set image.pullPolicy=Always \
  --set config.buildkit.image="$E2E_REGISTRY/moby/buildkit:v$BUILDKIT_VERSION$buildkit_suffix" \
  --set config.buildkit.mode="$mode" \
  --set config.registryMirror="$E2E_POD_REGISTRY" \
  --set "config.insecureRegistries={$E2E_POD_REGISTRY}" \
  --set config.defaultGoProxy="$E2E_POD_GOPROXY" >/dev/null
step "chart installed (operator Ready, BuildKit $mode)"

mvn -B -ntp -pl e2e -De2e.skip=false -Dgoimage.cache="$GOIMAGE_CACHE" ${E2E_TEST:+-Dit.test="$E2E_TEST"} verify
step "E2E tests"
