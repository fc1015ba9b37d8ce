#!/usr/bin/env bash
# Builds buildkitd and buildctl (BUILDKIT_VERSION from hack/lib.sh) from the Go module proxy and
# makes sure the runtime tools buildkitd needs are installed (runc, git, ssh). Prints the bin dir.
#
#   hack/install-buildkit.sh        -> $GOIMAGE_CACHE/buildkit-<ver>/bin
#
# `go install github.com/moby/buildkit/cmd/...@v0.19+` fails because buildkit's go.mod has an
# exclude block, so a small wrapper module requires buildkit and builds its main packages.
# Idempotent: a second run only checks that the binaries exist.
source "$(dirname "$0")/lib.sh"

out="$GOIMAGE_CACHE/buildkit-$BUILDKIT_VERSION/bin"

build_buildkit() {
  [ -x "$out/buildkitd" ] && [ -x "$out/buildctl" ] && return 0
  local wrap="$GOIMAGE_CACHE/src/buildkit-$BUILDKIT_VERSION"
  mkdir -p "$wrap" "$out"
  if [ ! -f "$wrap/go.mod" ]; then
    printf 'module goimage.local/buildkitbins\n\ngo 1.26.3\n\nrequire github.com/moby/buildkit v%s\n' \
      "$BUILDKIT_VERSION" >"$wrap/go.mod.tmp"
    mv "$wrap/go.mod.tmp" "$wrap/go.mod"
  fi
  # The version package is what Control.Info reports; upstream sets it the same way.
  local pkg=github.com/moby/buildkit/version
  local ld="-s -w -X $pkg.Version=v$BUILDKIT_VERSION -X $pkg.Package=github.com/moby/buildkit"
  ld+=" -X $pkg.Revision=v$BUILDKIT_VERSION"
  log "building buildkitd and buildctl v$BUILDKIT_VERSION (cold: several minutes on 2 cores)"
  (cd "$wrap" && CGO_ENABLED=0 go build -mod=mod -trimpath -tags "osusergo netgo static_build" \
    -ldflags "$ld" -o "$out/" github.com/moby/buildkit/cmd/buildkitd github.com/moby/buildkit/cmd/buildctl)
}

# runc runs the build steps; git and ssh serve git sources (ssh for git@ URLs); openssl makes
# the certificates for mutual TLS (tests, local setups).
# Other scripts may hold the dpkg lock at the same moment: retry for a while instead of failing.
install_runtime_tools() {
  local i
  for i in $(seq 1 60); do
    apt_install runc git openssh-client ca-certificates openssl && return 0
    log "apt busy, retrying in 5s"; sleep 5
  done
  die "could not install runc git openssh-client openssl"
}

with_lock "buildkit-$BUILDKIT_VERSION" build_buildkit
install_runtime_tools
echo "$out"
