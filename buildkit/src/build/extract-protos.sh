#!/usr/bin/env bash
# Copies BuildKit's .proto files from the pinned github.com/moby/buildkit Go module (and the
# fsutil module it requires) into OUT_DIR, laid out at their import paths, ready for protoc.
# Runs at generate-sources; nothing it writes is committed.
#
#   extract-protos.sh BUILDKIT_VERSION OUT_DIR
#
# Edits made on the way (all wire-neutral):
#   - the vtproto import and option are dropped (Go-only pooling hints);
#   - java_package / java_multiple_files are added so the classes live under
#     dev.goimage.buildkit.proto.* instead of bare packages such as `pb`.
set -euo pipefail

version="${1:?buildkit version, e.g. v0.32.2}"
out="${2:?output directory}"
case "$version" in v*) ;; *) version="v$version" ;; esac
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

# Outside any module so the download is not affected by a go.mod nearby.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS=-mod=mod GO111MODULE=on

json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\(.*\)\",\{0,1\}$/\1/p"; }

bk_json="$(go mod download -json "github.com/moby/buildkit@$version")"
bk_dir="$(printf '%s\n' "$bk_json" | json_field Dir)"
bk_mod="$(printf '%s\n' "$bk_json" | json_field GoMod)"
[ -d "$bk_dir" ] || { echo "buildkit module dir not found: $bk_json" >&2; exit 1; }

# fsutil: buildkit's vendor dir if the module zip has one, else the version buildkit requires.
if [ -d "$bk_dir/vendor/github.com/tonistiigi/fsutil/types" ]; then
  fs_types="$bk_dir/vendor/github.com/tonistiigi/fsutil/types"
else
  fs_version="$(awk '$1 == "github.com/tonistiigi/fsutil" { print $2; exit }' "$bk_mod")"
  [ -n "$fs_version" ] || { echo "fsutil not required by $bk_mod" >&2; exit 1; }
  fs_dir="$(go mod download -json "github.com/tonistiigi/fsutil@$fs_version" | json_field Dir)"
  fs_types="$fs_dir/types"
fi

# Extract into a scratch dir and only replace OUT_DIR when something changed: unchanged files keep
# their timestamps, so protoc's staleness check skips regeneration (and parallel builds in the same
# tree do not see the generated sources vanish).
final="$out"
out="$work/protos"
mkdir -p "$out"

# copy SRC IMPORT_PATH: one proto, rewritten for Java.
copy() {
  local src=$1 dest="$out/$2" pkg
  mkdir -p "$(dirname "$dest")"
  pkg="$(sed -n 's/^package \([a-zA-Z0-9_.]*\);.*/\1/p' "$src")"
  sed -e '/vtprotobuf\/vtproto\/ext.proto/d' -e '/option (vtproto\./d' "$src" |
    awk -v jp="dev.goimage.buildkit.proto.$pkg" '
      { print }
      /^package / && !done { print "option java_package = \"" jp "\";"; print "option java_multiple_files = true;"; done = 1 }
    ' >"$dest"
}

bk=github.com/moby/buildkit
for p in api/services/control/control.proto api/types/worker.proto solver/pb/ops.proto \
  sourcepolicy/pb/policy.proto session/auth/auth.proto session/secrets/secrets.proto \
  session/sshforward/ssh.proto session/filesync/filesync.proto solver/errdefs/errdefs.proto \
  util/stack/stack.proto; do
  copy "$bk_dir/$p" "$bk/$p"
done
copy "$fs_types/wire.proto" github.com/tonistiigi/fsutil/types/wire.proto
copy "$fs_types/stat.proto" github.com/tonistiigi/fsutil/types/stat.proto
if [ -d "$final" ] && diff -r -q "$out" "$final" >/dev/null 2>&1; then
  echo "BuildKit $version protos in $final are up to date" >&2
else
  rm -rf "$final.tmp"
  mkdir -p "$(dirname "$final")"
  cp -r "$out" "$final.tmp"
  rm -rf "$final"
  mv "$final.tmp" "$final"
  echo "extracted BuildKit $version protos into $final" >&2
fi
