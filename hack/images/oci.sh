# shellcheck shell=bash
# OCI image layout helpers for hack/images.sh. Source it; do not run it.
# Layers are plain tarballs written by GNU tar with sorted names, numeric owners and one fixed mtime,
# compressed with `gzip -n`, so the same input tree always gives the same digests.

# Every file in our images carries this mtime (2000-01-01T00:00:00Z): fixed, and later than 1980 so
# zip-based tools are happy with it.
OCI_EPOCH=946684800
OCI_CREATED=2000-01-01T00:00:00Z

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# oci_layer ROOT OUT [TAR_OPTION...]: writes OUT (tar+gzip) and OUT.diffid (sha256 of the tar).
oci_layer() {
  local root=$1 out=$2; shift 2
  local entries
  entries=$(cd "$root" && LC_ALL=C ls -A)
  [ -n "$entries" ] || die "empty layer root $root"
  # shellcheck disable=SC2086 # entries are names straight from ls -A of our own staging tree
  (cd "$root" && LC_ALL=C tar --sort=name --mtime=@"$OCI_EPOCH" --numeric-owner --format=posix \
      --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
      "$@" -cf - $entries) >"$out.tar"
  sha256_of "$out.tar" >"$out.diffid"
  gzip -n -6 <"$out.tar" >"$out"
  rm -f "$out.tar"
}

# oci_blob LAYOUT FILE: moves FILE into LAYOUT/blobs/sha256 (hard link when possible), prints its digest.
oci_blob() {
  local layout=$1 file=$2 digest
  digest=$(sha256_of "$file")
  mkdir -p "$layout/blobs/sha256"
  [ -f "$layout/blobs/sha256/$digest" ] || ln "$file" "$layout/blobs/sha256/$digest" 2>/dev/null ||
    cp "$file" "$layout/blobs/sha256/$digest"
  echo "$digest"
}

# oci_image LAYOUT CONFIG_JSON TAGS LAYER...: writes a single-manifest OCI layout.
#   CONFIG_JSON: the "config" object of the image config (Env, Cmd, WorkingDir, ...), compact JSON.
#   TAGS: space separated tags, all pointing at the one manifest.
#   LAYER: a file written by oci_layer (its .diffid beside it), bottom layer first.
oci_image() {
  local layout=$1 config=$2 tags=$3; shift 3
  local tmp diffids="[]" layers="[]" history="[]" l d size
  tmp=$(mktemp -d)
  mkdir -p "$layout"
  printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
  for l in "$@"; do
    d=$(oci_blob "$layout" "$l"); size=$(stat -c %s "$l")
    diffids=$(jq -c --arg d "sha256:$(cat "$l.diffid")" '. + [$d]' <<<"$diffids")
    layers=$(jq -c --arg d "sha256:$d" --argjson s "$size" \
      '. + [{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":$d,"size":$s}]' <<<"$layers")
    history=$(jq -c --arg c "$OCI_CREATED" --arg b "goimage hack/images.sh: $(basename "$l")" \
      '. + [{"created":$c,"created_by":$b}]' <<<"$history")
  done
  jq -cnj --arg c "$OCI_CREATED" --argjson cfg "$config" --argjson ids "$diffids" --argjson h "$history" \
    '{"architecture":"amd64","os":"linux","created":$c,"config":$cfg,"rootfs":{"type":"layers","diff_ids":$ids},"history":$h}' \
    >"$tmp/config.json"
  local cd cs
  cd=$(oci_blob "$layout" "$tmp/config.json"); cs=$(stat -c %s "$tmp/config.json")
  jq -cnj --arg d "sha256:$cd" --argjson s "$cs" --argjson layers "$layers" \
    '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":$d,"size":$s},
      "layers":$layers}' >"$tmp/manifest.json"
  local md ms
  md=$(oci_blob "$layout" "$tmp/manifest.json"); ms=$(stat -c %s "$tmp/manifest.json")
  jq -cnj --arg d "sha256:$md" --argjson s "$ms" --arg tags "$tags" \
    '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",
      "manifests":[$tags | split(" ")[] | select(. != "") |
        {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":$d,"size":$s,
         "platform":{"architecture":"amd64","os":"linux"},
         "annotations":{"org.opencontainers.image.ref.name":.}}]}' >"$layout/index.json"
  rm -rf "$tmp"
}

# oci_digest LAYOUT: the manifest digest of a layout written by oci_image.
oci_digest() { jq -r '.manifests[0].digest' "$1/index.json"; }
