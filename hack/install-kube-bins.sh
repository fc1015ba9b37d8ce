#!/usr/bin/env bash
# Builds the Kubernetes control-plane binaries and etcd from the Go module proxy, pinned by
# version and cached outside the repo. Prints the directory that holds them.
#
#   hack/install-kube-bins.sh                 kube-apiserver, kubectl, etcd (the IT tier)
#   hack/install-kube-bins.sh --node          also controller-manager, scheduler, kubelet (e2e)
#
# k8s.io/kubernetes cannot be `go install`ed (its go.mod replaces the staging modules), so a small
# wrapper module requires it and pins every staging module to the matching v0.x release.
# The layout matches fabric8 kube-api-test: $GOIMAGE_CACHE/kubeapitest/k8s/<ver>-linux-amd64/.
source "$(dirname "$0")/lib.sh"

node=false
[ "${1:-}" = "--node" ] && node=true

out="$GOIMAGE_CACHE/kubeapitest/k8s/${KUBE_VERSION}-linux-amd64"
bins=(kube-apiserver kubectl)
$node && bins+=(kube-controller-manager kube-scheduler kubelet)

build_kube() {
  local missing=()
  for b in "${bins[@]}"; do [ -x "$out/$b" ] || missing+=("$b"); done
  if [ ${#missing[@]} -gt 0 ]; then
    local wrap="$GOIMAGE_CACHE/src/kube-$KUBE_VERSION"
    mkdir -p "$wrap" "$out"
    if [ ! -f "$wrap/go.mod" ]; then
      log "preparing wrapper module for k8s.io/kubernetes v$KUBE_VERSION"
      (cd "$wrap" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@v$KUBE_VERSION" >/dev/null)
      local modfile
      modfile="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/v$KUBE_VERSION.mod"
      local staging="0.${KUBE_VERSION#1.}"
      {
        echo "module goimage.local/kubebins"
        echo
        echo "go 1.24.0"
        echo
        echo "godebug default=go1.24"
        echo
        echo "require k8s.io/kubernetes v$KUBE_VERSION"
        echo
        echo "replace ("
        # Every staging module the kubernetes go.mod replaces with ./staging/... gets its release.
        sed -n '/^replace (/,/^)/p' "$modfile" | grep -oE 'k8s\.io/[a-z0-9-]+ => \./staging' |
          awk -v v="v$staging" '{print "\t" $1 " => " $1 " " v}'
        echo ")"
      } >"$wrap/go.mod.tmp"
      mv "$wrap/go.mod.tmp" "$wrap/go.mod"
    fi
    local major=${KUBE_VERSION%%.*} minor
    minor=${KUBE_VERSION#*.}; minor=${minor%%.*}
    local ld="-s -w"
    for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
      ld+=" -X '$pkg.gitVersion=v$KUBE_VERSION' -X '$pkg.gitMajor=$major' -X '$pkg.gitMinor=$minor'"
      ld+=" -X '$pkg.gitTreeState=clean' -X '$pkg.buildDate=1970-01-01T00:00:00Z'"
    done
    local pkgs=()
    for b in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$b"); done
    log "building ${missing[*]} v$KUBE_VERSION (cold: several minutes on 2 cores)"
    (cd "$wrap" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "$ld" -o "$out/" "${pkgs[@]}")
  fi
}

build_etcd() {
  [ -x "$out/etcd" ] && return 0
  local wrap="$GOIMAGE_CACHE/src/etcd-$ETCD_VERSION"
  mkdir -p "$wrap" "$out"
  if [ ! -f "$wrap/go.mod" ]; then
    printf 'module goimage.local/etcdbin\n\ngo 1.24\n\nrequire go.etcd.io/etcd/server/v3 v%s\n' \
      "$ETCD_VERSION" >"$wrap/go.mod"
  fi
  log "building etcd v$ETCD_VERSION"
  (cd "$wrap" && CGO_ENABLED=0 go build -mod=mod -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)
}

with_lock kube-bins build_etcd
with_lock kube-bins build_kube
echo "$out"
