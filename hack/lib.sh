# Shared helpers for hack/ scripts. Source it; do not run it.
# Every tool is pinned here and cached outside the repository, keyed by version, so a second run
# of any install script costs a stat, not a build.
set -euo pipefail

GOIMAGE_CACHE="${GOIMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goimage-operator}"

# Pinned versions: one place for the whole project.
KUBE_VERSION="${KUBE_VERSION:-1.33.13}"
ETCD_VERSION="${ETCD_VERSION:-3.5.35}"
BUILDKIT_VERSION="${BUILDKIT_VERSION:-0.32.2}"
HELM_VERSION="${HELM_VERSION:-3.19.0}"
# rootlesskit for the rootless BuildKit image (hack/images-cluster.sh).
ROOTLESSKIT_VERSION="${ROOTLESSKIT_VERSION:-2.3.6}"
# Go builder images served from the local registry as golang:<minor> and golang:<patch> (hack/images.sh).
GOLANG_IMAGE_VERSION="${GOLANG_IMAGE_VERSION:-1.26.8}"
DEBIAN_SUITE="${DEBIAN_SUITE:-bookworm}"

log() { printf '[hack] %s\n' "$*" >&2; }
die() { printf '[hack] error: %s\n' "$*" >&2; exit 1; }

# apt_install PKG...: installs the Debian packages that are missing, updating the index once.
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local stamp=/var/lib/apt/periodic/goimage-update-stamp
  if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    mkdir -p "$(dirname "$stamp")" && touch "$stamp"
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# free_port: a TCP port nothing listens on right now (for servers started with --port 0).
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    [ -z "$(ss -Hltn "sport = :$p")" ] && { echo "$p"; return; }
  done
  die "no free port found"
}

# with_lock NAME CMD...: serialises concurrent installs of the same tool (make -j, parallel tests).
with_lock() {
  local name=$1; shift
  mkdir -p "$GOIMAGE_CACHE/locks"
  ( flock 9; "$@" ) 9>"$GOIMAGE_CACHE/locks/$name.lock"
}
