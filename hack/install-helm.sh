#!/usr/bin/env bash
# Builds helm (HELM_VERSION from hack/lib.sh) from the Go module proxy; prints its path.
source "$(dirname "$0")/lib.sh"

bin="$GOIMAGE_CACHE/helm-$HELM_VERSION/helm"
build_helm() {
  [ -x "$bin" ] && return 0
  log "building helm v$HELM_VERSION"
  mkdir -p "$(dirname "$bin")"
  GOBIN="$(dirname "$bin")" CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=v$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
}
with_lock helm build_helm
echo "$bin"
