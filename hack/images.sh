#!/usr/bin/env bash
# Assembles the base images our builds use (no image is ever pulled) and pushes them to a local registry
# under the names BuildKit asks a docker.io mirror for: library/busybox:latest, library/golang:<version>.
#   busybox:latest          busybox-static + /etc/passwd, /etc/group, /tmp
#   golang:X.Y, golang:X.Y.Z Debian minbase (git, openssh-client, ca-certificates) + the Go toolchain
#                           module golang.org/toolchain@v0.0.1-goX.Y.Z.linux-amd64 as /usr/local/go
# Built OCI layouts are cached in $GOIMAGE_CACHE/images/<name>-<version>-<script hash>; a re-run only pushes.
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/images/oci.sh"

usage() {
  cat <<'EOF'
Usage: hack/images.sh [--registry 127.0.0.1:PORT] [--insecure] [--build-only] [GO_VERSION...]
  Builds (or takes from the cache) busybox:latest and golang:<GOLANG_IMAGE_VERSION from hack/lib.sh>, plus
  one golang image per extra GO_VERSION (full X.Y.Z, e.g. 1.22.12), and pushes each one to
  REGISTRY/library/NAME:TAG (default registry 127.0.0.1:5000). A golang:X.Y.Z image is also tagged X.Y.
  Prints one line per pushed tag: REGISTRY/library/NAME:TAG@sha256:DIGEST
  --insecure      plain HTTP / unverified TLS towards the registry (always the case for skopeo here:
                  pushes use --dest-tls-verify=false; accepted for symmetry with the other scripts)
  --build-only    build the cached layouts, push nothing; prints the layout directories
  GOIMAGE_REGISTRY_CREDS=USER:PASSWORD in the environment authenticates the pushes (never logged).
  The Debian mirror is read from this machine's apt sources (or DEBIAN_MIRROR).
  When this machine trusts extra CAs (/usr/local/share/ca-certificates/*.crt, e.g. an egress proxy's), the
  golang images get a third layer with this machine's /etc/ssl/certs/ca-certificates.crt, so the go command
  and git in a build trust the same servers as the host. GOIMAGE_HOST_CA=0 leaves it out, =1 forces it.
EOF
}

registry=127.0.0.1:5000 push=1 versions=()
while [ $# -gt 0 ]; do
  case $1 in
    --registry) registry=$2; shift 2 ;;
    --insecure) shift ;;
    --build-only) push=0; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [[ $1 =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "Go version must be X.Y.Z, got $1"; versions+=("$1"); shift ;;
  esac
done
versions=("$GOLANG_IMAGE_VERSION" "${versions[@]}")

apt_install busybox-static debootstrap debian-archive-keyring skopeo jq gzip
# Part of every cache key: any change to how images are made rebuilds them.
script_hash=$(cat "$here/images.sh" "$here"/images/* | sha256sum | cut -c1-12)
images_dir=$GOIMAGE_CACHE/images
mkdir -p "$images_dir"

# The mirror this machine's apt uses for $DEBIAN_SUITE (deb822 .sources or one-line .list files).
debian_mirror() {
  [ -n "${DEBIAN_MIRROR:-}" ] && { echo "$DEBIAN_MIRROR"; return; }
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v suite="$DEBIAN_SUITE" '
      /^[[:space:]]*$/ { if (u != "" && s) { print u; exit } u = ""; s = 0; next }
      /^URIs:/ { u = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) s = 1 }
      END { if (u != "" && s) print u }' "$f" | head -n1)
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    uri=$(awk -v suite="$DEBIAN_SUITE" '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($(i+1) == suite) { print $i; exit } } }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  die "no apt source for $DEBIAN_SUITE found; set DEBIAN_MIRROR"
}

# --- busybox:latest ------------------------------------------------------------------------------
build_busybox() {
  local out=$1 work root
  work=$(mktemp -d "$images_dir/.busybox.XXXXXX"); root=$work/rootfs
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "rm -rf '$work'" EXIT
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,var/tmp}
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  chmod 1777 "$root/tmp" "$root/var/tmp"; chmod 700 "$root/root"
  oci_layer "$root" "$work/busybox-rootfs.tar.gz" --owner=0 --group=0
  oci_image "$work/layout" '{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":["sh"]}' \
    latest "$work/busybox-rootfs.tar.gz"
  mv "$work/layout" "$out"; rm -rf "$work"
}

# --- Debian base layer shared by the golang images -----------------------------------------------
debian_layer() {
  local out=$1 work root mirror
  work=$(mktemp -d "$images_dir/.debian.XXXXXX"); root=$work/rootfs
  mirror=$(debian_mirror)
  log "debootstrap $DEBIAN_SUITE (minbase + git, openssh-client, ca-certificates); takes a few minutes"
  # debootstrap mounts proc/sys in the target while it runs; never leave them behind.
  # (with_lock runs us in a subshell, so this EXIT trap fires when this build ends.)
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "umount -R '$root/proc' '$root/sys' 2>/dev/null || true; rm -rf '$work'" EXIT
  debootstrap --variant=minbase --include=git,openssh-client,ca-certificates --components=main \
    "$DEBIAN_SUITE" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  # Small where cheap: no package lists, caches, docs, man pages, translations, logs; no host identity.
  # ldconfig's aux-cache is the one file that differs between two runs on the same archive snapshot.
  local r=${root:?}
  # shellcheck disable=SC2115 # $r is a mktemp dir, never empty
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/* "$r"/var/cache/debconf/*-old "$r"/var/cache/ldconfig/* \
    "$r"/usr/share/doc/* "$r"/usr/share/man/* "$r"/usr/share/info/* "$r"/usr/share/locale/* \
    "$r"/var/log/* "$r"/dev/* "$r"/proc/* "$r"/sys/* "$r"/run/* "$r"/tmp/* \
    "$r"/etc/resolv.conf "$r"/etc/hostname "$r"/etc/machine-id "$r"/var/lib/dbus/machine-id
  : >"$root/etc/machine-id"
  oci_layer "$root" "$work/debian.tar.gz"
  mv "$work/debian.tar.gz.diffid" "$out.diffid"; mv "$work/debian.tar.gz" "$out"
}

# The host's CA bundle goes into the golang images when the host trusts CAs beyond Debian's.
host_ca=/etc/ssl/certs/ca-certificates.crt
case ${GOIMAGE_HOST_CA:-auto} in
  0) use_host_ca=0 ;;
  1) use_host_ca=1 ;;
  *) use_host_ca=0; compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null && use_host_ca=1 ;;
esac
golang_key=$script_hash
[ "$use_host_ca" = 1 ] && golang_key=$script_hash-ca$(sha256_of "$host_ca" | cut -c1-8)

# --- golang:X.Y.Z ---------------------------------------------------------------------------------
build_golang() {
  local out=$1 version=$2 base=$3 work stage goroot dir
  work=$(mktemp -d "$images_dir/.golang.XXXXXX"); stage=$work/stage
  # shellcheck disable=SC2064 # expand now: the locals are gone when the EXIT trap runs
  trap "rm -rf '$work'" EXIT
  dir=$(cd "$work" && GOFLAGS="" GOTOOLCHAIN=local go mod download -json \
    "golang.org/toolchain@v0.0.1-go$version.linux-amd64" | jq -r '.Dir // empty')
  [ -d "$dir/bin" ] || die "go mod download of toolchain go$version gave no go root"
  goroot=$stage/usr/local/go
  mkdir -p "$stage/usr/local" "$stage/go/bin" "$stage/go/src"
  cp -r "$dir" "$goroot"
  # The module cache keeps files read-only and without exec bits: restore a normal GOROOT.
  find "$goroot" -type d -exec chmod 755 {} +
  find "$goroot" -type f -exec chmod 644 {} +
  find "$goroot/bin" "$goroot/pkg/tool" -type f -exec chmod 755 {} +
  find "$goroot" -type f \( -name '*.bash' -o -name '*.sh' -o -name '*.rc' \) -exec chmod 755 {} +
  chmod -R 1777 "$stage/go"; chmod 755 "$stage/usr" "$stage/usr/local"
  oci_layer "$stage" "$work/go$version.tar.gz" --owner=0 --group=0
  ln "$base" "$work/debian-$DEBIAN_SUITE.tar.gz"; cp "$base.diffid" "$work/debian-$DEBIAN_SUITE.tar.gz.diffid"
  local layers=("$work/debian-$DEBIAN_SUITE.tar.gz" "$work/go$version.tar.gz")
  if [ "$use_host_ca" = 1 ]; then
    mkdir -p "$work/ca/etc/ssl/certs"
    cp "$host_ca" "$work/ca/etc/ssl/certs/ca-certificates.crt"; chmod 644 "$work/ca/etc/ssl/certs/ca-certificates.crt"
    chmod 755 "$work/ca/etc" "$work/ca/etc/ssl" "$work/ca/etc/ssl/certs"
    oci_layer "$work/ca" "$work/host-ca-certificates.tar.gz" --owner=0 --group=0
    layers+=("$work/host-ca-certificates.tar.gz")
  fi
  local config
  config=$(jq -cn --arg v "$version" '{
    "Env":["PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
           "GOLANG_VERSION=\($v)","GOPATH=/go","GOTOOLCHAIN=local"],
    "Cmd":["bash"],"WorkingDir":"/go"}')
  oci_image "$work/layout" "$config" "${version%.*} $version" "${layers[@]}"
  mv "$work/layout" "$out"; rm -rf "$work"
}

# cached NAME VERSION KEY BUILD_FN ARGS...: prints the layout dir, building it under a lock when missing.
cached() {
  local name=$1 version=$2 key=$3 fn=$4; shift 4
  local out=$images_dir/$name-$version-$key
  [ -f "$out/index.json" ] || with_lock "image-$name-$version" build_once "$out/index.json" "$fn" "$out" "$@"
  echo "$out"
}
# build_once MARKER FN ARGS...: runs FN unless MARKER appeared while we waited for the lock.
build_once() { local marker=$1; shift; [ -e "$marker" ] || "$@" >&2; }

busybox_layout=$(cached busybox latest "$script_hash" build_busybox)
base_layer=$images_dir/debian-$DEBIAN_SUITE-$script_hash.tar.gz
[ -f "$base_layer" ] || with_lock image-debian build_once "$base_layer" debian_layer "$base_layer"
declare -A layouts=([busybox:latest]=$busybox_layout)
for v in "${versions[@]}"; do
  layouts[golang:$v]=$(cached golang "$v" "$golang_key" build_golang "$v" "$base_layer")
done

# Drop what older versions of this script left in the cache (each golang layout is ~60 MB).
for f in "$images_dir"/busybox-* "$images_dir"/golang-* "$images_dir"/debian-*; do
  [ -e "$f" ] || continue
  case ${f##*/} in *-"$script_hash"|*-"$script_hash"-*|*-"$script_hash".tar.gz*) ;; *) rm -rf "$f" ;; esac
done

if [ "$push" = 0 ]; then
  for k in "${!layouts[@]}"; do echo "$k ${layouts[$k]}"; done
  exit 0
fi

authfile=""
if [ -n "${GOIMAGE_REGISTRY_CREDS:-}" ]; then
  authfile=$(mktemp); trap 'rm -f "$authfile"' EXIT
  jq -cn --arg r "$registry" --arg a "$(printf '%s' "$GOIMAGE_REGISTRY_CREDS" | base64 -w0)" \
    '{"auths":{($r):{"auth":$a}}}' >"$authfile"
fi
for k in "${!layouts[@]}"; do
  layout=${layouts[$k]} name=${k%%:*}
  digest=$(oci_digest "$layout")
  for tag in $(jq -r '.manifests[].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json"); do
    skopeo copy -q --dest-tls-verify=false ${authfile:+--dest-authfile "$authfile"} \
      "oci:$layout:$tag" "docker://$registry/library/$name:$tag" >&2
    echo "$registry/library/$name:$tag@$digest"
  done
done
