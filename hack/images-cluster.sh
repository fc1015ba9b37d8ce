#!/usr/bin/env bash
# Assembles the images a cluster install needs (no image is ever pulled) and pushes them to a local
# registry:
#   moby/buildkit:v<BUILDKIT_VERSION>  buildkitd + buildctl (hack/install-buildkit.sh), Debian's runc as
#                                      buildkit-runc, git and ssh (Debian layer of hack/images.sh); rootful
#   moby/buildkit:v<BUILDKIT_VERSION>-rootless  the same + rootlesskit (Go module proxy) and Debian's
#                                      newuidmap/newgidmap, user 1000 with subordinate ids; runs as 1000
#   goimage/operator:<TAG>             a jlink'ed Java 17 runtime, the operator and runner jars, commands
#                                      `goimage-operator` and `goimage` on PATH, user 65532 (it is also
#                                      the runner image of build pods)
# Built OCI layouts are cached in $GOIMAGE_CACHE/images/<name>-<key>; a re-run only pushes.
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
source "$here/images/oci.sh"

usage() {
  cat <<'EOF'
Usage: hack/images-cluster.sh [--registry 127.0.0.1:PORT] [--tag TAG] [--build-only]
  Builds (or takes from the cache) the BuildKit image and the operator image and pushes them to
  REGISTRY/moby/buildkit:v<BUILDKIT_VERSION> and REGISTRY/goimage/operator:TAG (default registry
  127.0.0.1:5000, default tag e2e). Needs operator/target/goimage-operator.jar and
  runner/target/goimage.jar (`make build`; GOIMAGE_OPERATOR_JAR / GOIMAGE_RUNNER_JAR override the
  paths). Prints one line per pushed image: REF@sha256:DIGEST
  --build-only    build the cached layouts, push nothing; prints the layout directories
EOF
}

registry=127.0.0.1:5000 tag=e2e push=1
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --build-only) push=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done

operator_jar=${GOIMAGE_OPERATOR_JAR:-$repo/operator/target/goimage-operator.jar}
runner_jar=${GOIMAGE_RUNNER_JAR:-$repo/runner/target/goimage.jar}
[ -f "$operator_jar" ] || die "$operator_jar is missing: run 'make build' first"
[ -f "$runner_jar" ] || die "$runner_jar is missing: run 'make build' first"

apt_install skopeo jq gzip runc binutils uidmap libcap2-bin
images_dir=$GOIMAGE_CACHE/images
mkdir -p "$images_dir"
script_hash=$(sha256_of "$here/images-cluster.sh" | cut -c1-12)

# The Debian bookworm layer (git, openssh-client, ca-certificates) of hack/images.sh's golang image:
# the same bytes, so the registry stores it once.
golang_layout=$("$here/images.sh" --build-only | awk '$1 ~ /^golang:/ {print $2; exit}')
[ -f "$golang_layout/index.json" ] || die "hack/images.sh gave no golang layout"
debian_layer() { # debian_layer DIR: links the layer into DIR as debian.tar.gz (+ .diffid)
  local manifest config
  manifest=$golang_layout/blobs/sha256/$(oci_digest "$golang_layout" | cut -d: -f2)
  config=$golang_layout/blobs/sha256/$(jq -r '.config.digest' "$manifest" | cut -d: -f2)
  ln "$golang_layout/blobs/sha256/$(jq -r '.layers[0].digest' "$manifest" | cut -d: -f2)" "$1/debian.tar.gz" 2>/dev/null ||
    cp "$golang_layout/blobs/sha256/$(jq -r '.layers[0].digest' "$manifest" | cut -d: -f2)" "$1/debian.tar.gz"
  jq -r '.rootfs.diff_ids[0]' "$config" | cut -d: -f2 >"$1/debian.tar.gz.diffid"
}

# Copies a dynamically linked binary's libraries (as ldd resolves them here) under ROOT.
copy_libs() {
  local root=$1 bin=$2 lib
  for lib in $(ldd "$bin" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'); do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}

# --- moby/buildkit ---------------------------------------------------------------------------------
build_buildkit() {
  local out=$1 work bk
  work=$(mktemp -d "$images_dir/.buildkit.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "rm -rf '$work'" EXIT
  bk=$("$here/install-buildkit.sh")
  debian_layer "$work"
  local r=$work/root
  mkdir -p "$r/usr/bin" "$r/var/lib/buildkit" "$r/run/buildkit" "$r/etc/buildkit"
  cp "$bk/buildkitd" "$bk/buildctl" "$r/usr/bin/"
  # buildkitd looks up buildkit-runc first; Debian's runc is dynamically linked (libseccomp).
  cp "$(command -v runc)" "$r/usr/bin/buildkit-runc"
  ln -s buildkit-runc "$r/usr/bin/runc"
  copy_libs "$r" "$(command -v runc)"
  oci_layer "$r" "$work/buildkit.tar.gz" --owner=0 --group=0
  oci_image "$work/layout" '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Entrypoint":["buildkitd"],"Volumes":{"/var/lib/buildkit":{}}}' \
    "v$BUILDKIT_VERSION" "$work/debian.tar.gz" "$work/buildkit.tar.gz"
  mv "$work/layout" "$out"
}

# --- moby/buildkit:<ver>-rootless ----------------------------------------------------------------------
rootlesskit_bin() { # builds rootlesskit once per version into the cache, prints its path
  local dir=$GOIMAGE_CACHE/rootlesskit-$ROOTLESSKIT_VERSION
  if [ ! -x "$dir/rootlesskit" ]; then
    mkdir -p "$dir"
    log "building rootlesskit v$ROOTLESSKIT_VERSION"
    (cd "$dir" && GOFLAGS=-mod=mod CGO_ENABLED=0 GOBIN="$dir" go install -trimpath -ldflags "-s -w" \
      "github.com/rootless-containers/rootlesskit/v2/cmd/rootlesskit@v$ROOTLESSKIT_VERSION" >&2)
  fi
  echo "$dir/rootlesskit"
}

build_buildkit_rootless() {
  local out=$1 work rootful
  work=$(mktemp -d "$images_dir/.buildkit-rootless.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "rm -rf '$work'" EXIT
  rootful=$buildkit_layout
  local manifest
  manifest=$rootful/blobs/sha256/$(oci_digest "$rootful" | cut -d: -f2)
  local config i=0 d
  config=$rootful/blobs/sha256/$(jq -r '.config.digest' "$manifest" | cut -d: -f2)
  for d in $(jq -r '.layers[].digest' "$manifest" | cut -d: -f2); do
    ln "$rootful/blobs/sha256/$d" "$work/layer$i.tar.gz" 2>/dev/null || cp "$rootful/blobs/sha256/$d" "$work/layer$i.tar.gz"
    jq -r ".rootfs.diff_ids[$i]" "$config" | cut -d: -f2 >"$work/layer$i.tar.gz.diffid"
    i=$((i + 1))
  done
  local r=$work/root
  mkdir -p "$r/usr/bin" "$r/etc" "$r/home/user/.local/share/buildkit" "$r/run/user/1000"
  cp "$(rootlesskit_bin)" "$r/usr/bin/rootlesskit"
  local b
  # File capabilities instead of setuid root: a setuid newuidmap run by uid 1000 in an unprivileged
  # pod fails with "write to uid_map failed: Operation not permitted" (seen on our cluster).
  for b in newuidmap newgidmap; do
    cp "$(command -v "$b")" "$r/usr/bin/$b"; chmod 0755 "$r/usr/bin/$b"
    copy_libs "$r" "$(command -v "$b")"
  done
  tar -xzf "$work/layer0.tar.gz" -C "$r" etc/passwd etc/group
  echo "user:x:1000:1000:user:/home/user:/bin/sh" >>"$r/etc/passwd"
  echo "user:x:1000:" >>"$r/etc/group"
  echo "user:100000:65536" >"$r/etc/subuid"
  echo "user:100000:65536" >"$r/etc/subgid"
  chown -R 0:0 "$r"
  chown -R 1000:1000 "$r/home/user" "$r/run/user/1000"
  chmod 700 "$r/run/user/1000"
  # After the chowns: chown drops file capabilities (and setuid bits).
  setcap cap_setuid+ep "$r/usr/bin/newuidmap"
  setcap cap_setgid+ep "$r/usr/bin/newgidmap"
  oci_layer "$r" "$work/rootless.tar.gz" --xattrs --xattrs-include=security.capability
  local cfg
  cfg=$(jq -cn '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","HOME=/home/user",
    "XDG_RUNTIME_DIR=/run/user/1000"],"User":"1000:1000","Entrypoint":["rootlesskit","buildkitd"],
    "Volumes":{"/home/user/.local/share/buildkit":{}}}')
  local layers=() n
  for ((n = 0; n < i; n++)); do layers+=("$work/layer$n.tar.gz"); done
  oci_image "$work/layout" "$cfg" "v$BUILDKIT_VERSION-rootless" "${layers[@]}" "$work/rootless.tar.gz"
  mv "$work/layout" "$out"
}

# --- goimage/operator --------------------------------------------------------------------------------
build_operator() {
  local out=$1 work jre
  work=$(mktemp -d "$images_dir/.operator.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "rm -rf '$work'" EXIT
  debian_layer "$work"
  jre=$(jre_layer)
  ln "$jre" "$work/jre.tar.gz" 2>/dev/null || cp "$jre" "$work/jre.tar.gz"
  cp "$jre.diffid" "$work/jre.tar.gz.diffid"
  local r=$work/app
  mkdir -p "$r/opt/goimage" "$r/usr/local/bin" "$r/etc" "$r/home/nonroot" "$r/tmp"
  cp "$operator_jar" "$r/opt/goimage/goimage-operator.jar"
  cp "$runner_jar" "$r/opt/goimage/goimage.jar"
  # shellcheck disable=SC2016 # the launchers expand these when they run
  printf '#!/bin/sh\nexec /opt/java/bin/java ${GOIMAGE_JAVA_OPTS:-} -jar /opt/goimage/goimage-operator.jar "$@"\n' >"$r/usr/local/bin/goimage-operator"
  # shellcheck disable=SC2016
  printf '#!/bin/sh\nexec /opt/java/bin/java ${GOIMAGE_JAVA_OPTS:-} -jar /opt/goimage/goimage.jar "$@"\n' >"$r/usr/local/bin/goimage"
  chmod 755 "$r/usr/local/bin/goimage-operator" "$r/usr/local/bin/goimage"
  # The Debian layer's user table plus the non-root user everything here runs as.
  tar -xzf "$work/debian.tar.gz" -C "$r" etc/passwd etc/group
  echo "nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin" >>"$r/etc/passwd"
  echo "nonroot:x:65532:" >>"$r/etc/group"
  chmod 1777 "$r/tmp"
  oci_layer "$r" "$work/app.tar.gz" --owner=0 --group=0
  local config
  config=$(jq -cn '{"Env":["PATH=/usr/local/bin:/opt/java/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java"],
    "Cmd":["goimage-operator"],"User":"65532:65532","WorkingDir":"/tmp"}')
  oci_image "$work/layout" "$config" "$tag" "$work/debian.tar.gz" "$work/jre.tar.gz" "$work/app.tar.gz"
  mv "$work/layout" "$out"
}

# A trimmed Java 17 runtime from this machine's JDK (jlink), cached on its own: it changes rarely.
jre_layer() {
  local java_home key out
  java_home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  [ -d "$java_home/jmods" ] || apt_install openjdk-17-jmods
  key=$("$java_home/bin/java" -version 2>&1 | sha256sum | cut -c1-12)
  out=$images_dir/jre-$key-$script_hash.tar.gz
  if [ ! -f "$out" ]; then
    local work; work=$(mktemp -d "$images_dir/.jre.XXXXXX")
    mkdir -p "$work/rootfs/opt"
    # java.se covers the JDK APIs our libraries touch (JNDI, java.beans, management); the jdk.* ones
    # are what gRPC/Netty and TLS load reflectively; jdk.httpserver serves the health endpoints.
    "$java_home/bin/jlink" --add-modules java.se,jdk.httpserver,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.naming.dns,jdk.zipfs,jdk.management \
      --strip-debug --no-man-pages --no-header-files --compress=2 --output "$work/rootfs/opt/java" >&2
    oci_layer "$work/rootfs" "$work/jre.tar.gz" --owner=0 --group=0
    mv "$work/jre.tar.gz.diffid" "$out.diffid"; mv "$work/jre.tar.gz" "$out"; rm -rf "$work"
  fi
  echo "$out"
}

cached() { # cached NAME KEY FN: prints the layout dir, building it under a lock when missing
  local name=$1 key=$2 fn=$3 out
  out=$images_dir/$name-$key
  [ -f "$out/index.json" ] || with_lock "image-$name" build_once "$out" "$fn"
  echo "$out"
}
build_once() { [ -f "$1/index.json" ] || "$2" "$1" >&2; }

buildkit_layout=$(cached buildkit "$BUILDKIT_VERSION-$script_hash" build_buildkit)
buildkit_rootless_layout=$(cached buildkit-rootless "$BUILDKIT_VERSION-$ROOTLESSKIT_VERSION-$script_hash" build_buildkit_rootless)
jar_hash=$(cat "$operator_jar" "$runner_jar" | sha256sum | cut -c1-12)
operator_layout=$(cached operator "$tag-$jar_hash-$script_hash" build_operator)

# Keep one operator layout per tag (each one is ~100 MB) and drop what older versions of this
# script left behind.
for f in "$images_dir"/operator-"$tag"-* "$images_dir"/buildkit-[0-9]* "$images_dir"/buildkit-rootless-* \
  "$images_dir"/jre-*; do
  [ -e "$f" ] || continue
  case $f in "$operator_layout" | "$buildkit_layout" | "$buildkit_rootless_layout") continue ;; esac
  case ${f##*/} in jre-*-"$script_hash".tar.gz*) continue ;; esac
  rm -rf "$f"
done

if [ "$push" = 0 ]; then
  echo "moby/buildkit:v$BUILDKIT_VERSION $buildkit_layout"
  echo "moby/buildkit:v$BUILDKIT_VERSION-rootless $buildkit_rootless_layout"
  echo "goimage/operator:$tag $operator_layout"
  exit 0
fi
skopeo copy -q --dest-tls-verify=false "oci:$buildkit_layout:v$BUILDKIT_VERSION" \
  "docker://$registry/moby/buildkit:v$BUILDKIT_VERSION" >&2
echo "$registry/moby/buildkit:v$BUILDKIT_VERSION@$(oci_digest "$buildkit_layout")"
skopeo copy -q --dest-tls-verify=false "oci:$buildkit_rootless_layout:v$BUILDKIT_VERSION-rootless" \
  "docker://$registry/moby/buildkit:v$BUILDKIT_VERSION-rootless" >&2
echo "$registry/moby/buildkit:v$BUILDKIT_VERSION-rootless@$(oci_digest "$buildkit_rootless_layout")"
skopeo copy -q --dest-tls-verify=false "oci:$operator_layout:$tag" "docker://$registry/goimage/operator:$tag" >&2
echo "$registry/goimage/operator:$tag@$(oci_digest "$operator_layout")"
