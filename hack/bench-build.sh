#!/usr/bin/env bash
# make bench-build: the build benchmark. A measurement program, not a test: it prints a table of
# seconds and ratios and a verdict on the targets, and exits 0 whenever every case ran (a missed
# target is reported, not failed). Per app (examples/hello, examples/bench) it measures:
#   native   `go build` on this host: cold (fresh GOMODCACHE + GOCACHE, the host's GOPROXY) and warm
#            (the same caches after a one-line source change); plus the push of the warm binary as a
#            one-layer image to the same registry (the target compares goimage with build + push)
#   goimage  `bin/goimage build` (local mode, pushes to the local registry; the JVM start counts):
#            cold (fresh buildkitd state), warm (same state, same commit), source change (a one-line
#            change committed and published to the git server, then a rebuild)
#   naive    examples/bench/Dockerfile (multi-stage, no cache mounts, COPY . . before go mod download)
#            through `buildctl --frontend dockerfile.v0` and the same kind of buildkitd: cold (fresh
#            state), then after the same one-line change. Local context; pushes like goimage does.
# Everything runs on 127.0.0.1: a registry (fresh data), the base images, the SSH git server and
# one buildkitd at a time with a fresh --root for each cold series. Everything started is stopped.
# Env: BENCH_APPS ("hello bench"), BENCH_REPEAT (3: runs of the cheap warm cases, median reported;
# cold and naive cases run once), BENCH_REGISTRY_PORT (5077), BENCH_GIT_PORT (2277),
# BENCH_RESULTS (file for the table, default $GOIMAGE_CACHE/run/bench/results.txt).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/images/oci.sh"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root" || exit 1

read -ra apps <<<"${BENCH_APPS:-hello bench}"
repeat=${BENCH_REPEAT:-3}
reg_port=${BENCH_REGISTRY_PORT:-5077}
git_port=${BENCH_GIT_PORT:-2277}
state=$GOIMAGE_CACHE/run/bench
results=${BENCH_RESULTS:-$state/results.txt}
logs=$state/logs

step() { printf '==> %s\n' "$*" >&2; }
started=()   # cleanup actions, run in reverse order
failed=()    # cases that did not run
cleanup() {
  local rc=$?
  for ((i = ${#started[@]} - 1; i >= 0; i--)); do eval "${started[$i]}" >/dev/null 2>&1 || true; done
  rm -rf "$state/scratch" "$state"/buildkitd-* "$state/registry"
  exit $rc
}
trap cleanup EXIT

step "tools (installed once, cached): buildkitd $BUILDKIT_VERSION, registry, git server, skopeo"
apt_install curl jq iproute2 skopeo gzip >/dev/null
bkbin=$(hack/install-buildkit.sh)
buildctl=$bkbin/buildctl
if [ ! -f runner/target/goimage.jar ] || [ ! -x bin/goimage ]; then
  step "building the goimage CLI (make build)"
  make build >&2
fi
for p in "$reg_port" "$git_port"; do
  [ -z "$(ss -Hltn "sport = :$p")" ] || die "port $p is busy: set BENCH_REGISTRY_PORT / BENCH_GIT_PORT"
done

# A fresh state, but first stop what a crashed earlier run may have left behind.
hack/registry.sh stop --port "$reg_port" --dir "$state/registry" >/dev/null 2>&1 || true
hack/gitserver.sh stop --port "$git_port" --dir "$state/git" >/dev/null 2>&1 || true
for d in "$state"/buildkitd-*; do [ -d "$d" ] && hack/buildkitd.sh stop --root "$d" >/dev/null 2>&1; done
rm -rf "$state"
mkdir -p "$state/scratch/src" "$logs"
work=$state/scratch

step "registry on 127.0.0.1:$reg_port (fresh data), base images, SSH git server on 127.0.0.1:$git_port"
started+=("hack/registry.sh stop --port $reg_port --dir '$state/registry'")
registry=$(hack/registry.sh start --port "$reg_port" --dir "$state/registry")
hack/images.sh --registry "$registry" >"$logs/images.log" 2>&1 || { tail -20 "$logs/images.log" >&2; die "hack/images.sh failed"; }
started+=("hack/gitserver.sh stop --port $git_port --dir '$state/git'")
hack/gitserver.sh start --port "$git_port" --dir "$state/git" >/dev/null
key=$(hack/gitserver.sh keygen --port "$git_port" --dir "$state/git")
hack/gitserver.sh known-hosts --port "$git_port" --dir "$state/git" >"$state/known_hosts"
goproxy=$(go env GOPROXY)

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# bk_fresh NAME: buildkitd with a fresh state dir (sets bk_root, bk_addr); bk_stop stops it and drops
# the state.
bk_root="" bk_addr=""
bk_fresh() {
  bk_root=$state/buildkitd-$1
  started+=("hack/buildkitd.sh stop --root '$bk_root'")
  bk_addr=$(hack/buildkitd.sh start --root "$bk_root" --mirror "$registry" 2>>"$logs/buildkitd.log")
}
bk_stop() { hack/buildkitd.sh stop --root "$bk_root" 2>>"$logs/buildkitd.log"; rm -rf "$bk_root"; }

# The one-line source change number N of each app (a string the binary prints, so the code changes).
change() { # APP SRC N
  case $1 in
    hello) sed -i "s/hello from goimage-operator[^(]*(instance/hello from goimage-operator r$3 (instance/" "$2/main.go"
           grep -q "goimage-operator r$3 (instance" "$2/main.go" ;;
    bench) sed -i "s/^const revision = .*/const revision = \"bench-$3\"/" "$2/version.go"
           grep -q "^const revision = \"bench-$3\"" "$2/version.go" ;;
    *) die "no one-line change defined for app $1" ;;
  esac || die "the one-line change of $1 did not apply"
}
publish() { # APP SRC: commits SRC as branch main of APP.git, prints the commit
  hack/gitserver.sh publish "$2" "$1" --port "$git_port" --dir "$state/git" | sed -n 2p
}

# Each case appends "APP<TAB>KEY<TAB>SECONDS" to $work/times (SECONDS = FAILED when it did not run).
record() { printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$work/times"; }
fail() { # APP KEY LOG
  failed+=("$1 $2"); record "$1" "$2" FAILED
  printf '    %s %s FAILED; last lines of %s:\n' "$1" "$2" "$3" >&2; tail -15 "$3" | sed 's/^/      /' >&2
}

native_build() { # SRC DIR LOG: go build with the caches in DIR
  (cd "$1" && GOMODCACHE=$2/mod GOCACHE=$2/cache GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o "$2/app" .) >>"$3" 2>&1
}
native_push() { # APP DIR LOG: the binary as a one-layer image (like goimage's), pushed with skopeo
  local layout=$2/oci
  rm -rf "$layout" "$2/rootfs" && mkdir -p "$2/rootfs" && cp "$2/app" "$2/rootfs/app" &&
    oci_layer "$2/rootfs" "$2/layer.tar.gz" &&
    oci_image "$layout" '{"Entrypoint":["/app"],"User":"65532:65532"}' latest "$2/layer.tar.gz" &&
    skopeo copy -q --dest-tls-verify=false "oci:$layout:latest" "docker://$registry/native/$1:latest" >>"$3" 2>&1
}
# stamp: prefixes each line with the time it arrived (seconds since the epoch), for the phase split.
stamp() { local line; while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done; }
goimage_build() { # SPEC LOG RESULT: the CLI's lines, time-stamped, go to $3.lines and LOG
  rm -f "$3"
  printf '%s start\n' "$EPOCHREALTIME" >"$3.lines"
  bin/goimage build -f "$1" --ssh-key "$key" --known-hosts "$state/known_hosts" --buildkit "$bk_addr" \
    --result "$3" 2>&1 | stamp >>"$3.lines"
  local rc=${PIPESTATUS[0]}
  cat "$3.lines" >>"$2"
  [ "$rc" = 0 ] && [ "$(jq -r .succeeded "$3")" = true ]
}
# phases RESULT: where the wall time of the last goimage run went, from the line arrival times:
# CLI start to the daemon's Info answer (JVM, connect), the probe solve (until the "source ... commit"
# line), the build solve with the push (until the last line).
phases() {
  awk '$2 == "start" { s = $1 } $2 == "buildkitd" && !i { i = $1 } $2 == "source" && !p { p = $1 } { e = $1 }
    END { printf "start+connect %.2f, probe %.2f, build+push %.2f", i - s, p - i, e - p }' "$1.lines"
}
naive_build() { # APP SRC LOG
  "$buildctl" --addr "$bk_addr" build --frontend dockerfile.v0 --progress plain \
    --local context="$2" --local dockerfile=examples/bench --opt filename=Dockerfile \
    --opt build-arg:GOPROXY="$goproxy" \
    --output "type=image,name=$registry/naive/$1:latest,push=true,registry.insecure=true" >>"$3" 2>&1
}

bench_app() { # APP
  local app=$1 src=$work/src/$1 n=0 t i log times spec commit
  cp -r "examples/$app" "$src"

  step "$app: native go build, cold caches (fresh GOMODCACHE and GOCACHE)"
  local nd=$work/native-$app; mkdir -p "$nd"; log=$logs/$app-native.log
  t=$(now)
  if native_build "$src" "$nd" "$log"; then record "$app" native_cold "$(since "$t")"; else fail "$app" native_cold "$log"; fi
  step "$app: native go build, warm caches, one-line change (x$repeat), and the push of its image"
  local builds=() pushes=()
  for ((i = 0; i < repeat; i++)); do
    n=$((n + 1)); change "$app" "$src" "$n"
    t=$(now); native_build "$src" "$nd" "$log" || { fail "$app" native_warm "$log"; break; }
    builds+=("$(since "$t")")
    t=$(now); native_push "$app" "$nd" "$log" || { fail "$app" native_push "$log"; break; }
    pushes+=("$(since "$t")")
  done
  [ ${#builds[@]} -eq "$repeat" ] && record "$app" native_warm "$(median "${builds[@]}")"
  [ ${#pushes[@]} -eq "$repeat" ] && record "$app" native_push "$(median "${pushes[@]}")"
  echo "$app native warm runs: ${builds[*]}; pushes: ${pushes[*]}" >>"$work/runs"

  spec=$work/$app.goimagebuild.yaml
  sed -e "s#127.0.0.1:2255/#127.0.0.1:$git_port/#" -e "s#127.0.0.1:5055/#127.0.0.1:$reg_port/#" \
    "examples/$app/goimagebuild.yaml" >"$spec"
  grep -q "127.0.0.1:$git_port/$app.git" "$spec" || die "$spec does not name the git server's $app.git"

  step "$app: goimage build, cold (fresh buildkitd state)"
  bk_fresh "goimage-$app"
  log=$logs/$app-goimage.log
  n=$((n + 1)); change "$app" "$src" "$n"; commit=$(publish "$app" "$src")
  echo "== cold, commit $commit" >>"$log"
  t=$(now)
  if goimage_build "$spec" "$log" "$work/$app-cold.json"; then record "$app" goimage_cold "$(since "$t")"
  else fail "$app" goimage_cold "$log"; fi
  step "$app: goimage build, warm (same state, same commit; x$repeat)"
  times=()
  for ((i = 0; i < repeat; i++)); do
    echo "== warm $i, commit $commit" >>"$log"
    t=$(now); goimage_build "$spec" "$log" "$work/$app-warm.json" || { fail "$app" goimage_warm "$log"; break; }
    times+=("$(since "$t")")
    phases "$work/$app-warm.json" >>"$work/$app-warm-phases"; echo >>"$work/$app-warm-phases"
  done
  [ ${#times[@]} -eq "$repeat" ] && record "$app" goimage_warm "$(median "${times[@]}")"
  echo "$app goimage warm runs: ${times[*]}" >>"$work/runs"
  step "$app: goimage build after a one-line change, committed and published (x$repeat)"
  times=()
  for ((i = 0; i < repeat; i++)); do
    n=$((n + 1)); change "$app" "$src" "$n"; commit=$(publish "$app" "$src")
    echo "== source change $n, commit $commit" >>"$log"
    t=$(now); goimage_build "$spec" "$log" "$work/$app-change.json" || { fail "$app" goimage_change "$log"; break; }
    times+=("$(since "$t")")
    echo "$(phases "$work/$app-change.json"); steps $(jq -c '.timings' "$work/$app-change.json")" >>"$work/$app-change-timings"
  done
  [ ${#times[@]} -eq "$repeat" ] && record "$app" goimage_change "$(median "${times[@]}")"
  echo "$app goimage source-change runs: ${times[*]}" >>"$work/runs"
  [ -f "$work/$app-warm-phases" ] && sed "s/^/$app goimage warm run: /" "$work/$app-warm-phases" >>"$work/runs"
  [ -f "$work/$app-change-timings" ] && sed "s/^/$app goimage source-change run: /" "$work/$app-change-timings" >>"$work/runs"
  if [ -f "$work/$app-cold.json" ] && [ -f "$work/$app-warm.json" ]; then
    echo "$app goimage digests: cold $(jq -r .digest "$work/$app-cold.json"), warm $(jq -r .digest "$work/$app-warm.json") (same commit: should be equal)" >>"$work/runs"
  fi
  bk_stop

  step "$app: naive Dockerfile through buildctl, cold (fresh buildkitd state)"
  bk_fresh "naive-$app"
  log=$logs/$app-naive.log
  t=$(now)
  if naive_build "$app" "$src" "$log"; then record "$app" naive_cold "$(since "$t")"; else fail "$app" naive_cold "$log"; fi
  step "$app: naive Dockerfile after a one-line change"
  n=$((n + 1)); change "$app" "$src" "$n"
  t=$(now)
  if naive_build "$app" "$src" "$log"; then record "$app" naive_change "$(since "$t")"; else fail "$app" naive_change "$log"; fi
  bk_stop
}

: >"$work/times"; : >"$work/runs"
load_start=$(cut -d' ' -f1 /proc/loadavg)
for app in "${apps[@]}"; do bench_app "$app"; done

# The table: seconds, ÷ native warm go build, and how many times faster than the naive Dockerfile's
# source-change rebuild the case is (naive source change ÷ case).
get() { awk -F'\t' -v a="$1" -v k="$2" '$1 == a && $2 == k { print $3 }' "$work/times"; }
num() { [[ $1 =~ ^[0-9.]+$ ]]; }
ratio() { num "$1" && num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }' || echo -; }
report() {
  local app nw np nc label key s verdict=() gc gw1
  printf 'goimage build benchmark (%s, %s cores, Go %s, BuildKit %s; warm cases: median of %s runs, others: one run)\n' \
    "$(date -u +%Y-%m-%d)" "$(nproc)" "$(go env GOVERSION | sed 's/^go//')" "$BUILDKIT_VERSION" "$repeat"
  printf 'load average (1 min) at the start %s, at the end %s: other load on the machine skews every figure\n' \
    "$load_start" "$(cut -d' ' -f1 /proc/loadavg)"
  printf '%-6s %-48s %9s %13s %15s\n' app case seconds "vs nat. warm" "naive chg/case"
  for app in "${apps[@]}"; do
    nw=$(get "$app" native_warm) np=$(get "$app" native_push) nc=$(get "$app" naive_change)
    for key in native_cold native_warm native_push native_warm_push goimage_cold goimage_warm goimage_change naive_cold naive_change; do
      case $key in
        native_cold) label="native go build, cold module+build cache" ;;
        native_warm) label="native go build, warm, one-line change (no push)" ;;
        native_push) label="native: push of that binary as an image" ;;
        native_warm_push) label="native warm build + push (target base)" ;;
        goimage_cold) label="goimage, cold buildkitd state (incl. push)" ;;
        goimage_warm) label="goimage, warm, same commit (incl. push)" ;;
        goimage_change) label="goimage, one-line change (incl. push)" ;;
        naive_cold) label="naive Dockerfile, cold (incl. push)" ;;
        naive_change) label="naive Dockerfile, one-line change (incl. push)" ;;
      esac
      if [ $key = native_warm_push ]; then
        s=$(num "$nw" && num "$np" && awk -v a="$nw" -v b="$np" 'BEGIN { printf "%.2f", a + b }' || echo -)
      else
        s=$(get "$app" $key); s=${s:--}
      fi
      printf '%-6s %-48s %9s %13s %15s\n' "$app" "$label" "$s" "$(ratio "$s" "$nw")" "$(ratio "$nc" "$s")"
      [ $key = native_warm_push ] && np=$s
    done
    gc=$(get "$app" goimage_change)
    if num "$gc" && num "$np"; then
      gw1=$(awk -v g="$gc" -v b="$np" 'BEGIN { printf "%.2f", g / b }')
      verdict+=("$app: goimage source change $gc s = ${gw1}x native warm build + push ($np s): target <= 1.5x: $(awk -v r="$gw1" 'BEGIN { print (r <= 1.5) ? "MET" : "MISSED" }')")
    else
      verdict+=("$app: goimage source change vs native warm build + push: NOT MEASURED")
    fi
    if num "$gc" && num "$nc"; then
      gw1=$(awk -v g="$gc" -v b="$nc" 'BEGIN { printf "%.1f", b / g }')
      verdict+=("$app: naive Dockerfile source change $nc s = ${gw1}x goimage's: target >= 5x: $(awk -v r="$gw1" 'BEGIN { print (r >= 5) ? "MET" : "MISSED" }')")
    else
      verdict+=("$app: goimage vs naive Dockerfile source change: NOT MEASURED")
    fi
  done
  echo
  printf 'targets:\n'; printf '  %s\n' "${verdict[@]}"
  echo
  printf 'details:\n'; sed 's/^/  /' "$work/runs"
  echo "  logs: $logs"
  if [ ${#failed[@]} -gt 0 ]; then printf 'cases that did not run: %s\n' "${failed[*]}"; fi
}
mkdir -p "$(dirname "$results")"
report | tee "$results"
[ ${#failed[@]} -eq 0 ]
