#!/usr/bin/env bash
# A real single-node Kubernetes for the end-to-end tests: etcd, kube-apiserver, controller-manager,
# scheduler and kubelet (built from the Go module proxy by hack/install-kube-bins.sh), Debian's
# containerd + runc + CNI plugins, our own pause image, a local registry and a Go module mirror.
# Nothing is pulled from a container registry; traffic stays on loopback, the node's own address
# and the pod network created here. See e2e/README.md.
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
source "$repo/hack/lib.sh"
source "$repo/hack/images/oci.sh"

usage() {
  cat <<'EOF'
Usage: e2e/cluster/cluster.sh COMMAND
  up            builds what is missing, starts the cluster, waits until the node is Ready (idempotent)
  down          stops every process it started (by PID), removes mounts, cgroups, the bridge,
                iptables rules, restores the kernel settings kubelet changed, deletes the state dir
  status        exit 0 when the cluster is up and the node Ready
  env           prints shell assignments: KUBECONFIG, E2E_REGISTRY (host side), E2E_POD_REGISTRY
                (pod side), E2E_POD_GOPROXY, E2E_POD_HOST (the host address pods reach),
                E2E_VOLUMES_DIR (hostPath volumes for tests; removed by down)
  expose PORT   makes the host's 127.0.0.1:PORT reachable from pods at E2E_POD_HOST:PORT
Environment: E2E_CLUSTER_DIR (default $GOIMAGE_CACHE/run/cluster), E2E_REGISTRY_PORT (5050),
  E2E_GOPROXY_PORT (5051).
EOF
}

STATE=${E2E_CLUSTER_DIR:-$GOIMAGE_CACHE/run/cluster}
REGISTRY_PORT=${E2E_REGISTRY_PORT:-5050}
GOPROXY_PORT=${E2E_GOPROXY_PORT:-5051}
POD_CIDR=10.244.0.0/24
POD_GATEWAY=10.244.0.1
SERVICE_CIDR=10.96.0.0/24
SERVICE_IP=10.96.0.1
BRIDGE=goimage-e2e0
CHAIN=GOIMAGE-E2E
APISERVER_PORT=6443
ETCD_PORT=2479
ETCD_PEER_PORT=2480
NODE_NAME=goimage-e2e
PAUSE_IMAGE=127.0.0.1:$REGISTRY_PORT/goimage/pause:e2e
# Kernel settings kubelet changes at start; down puts the values found by up back.
SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# Host paths containerd, CNI or kubelet create outside their configured dirs; down removes the
# ones that did not exist before up.
HOST_PATHS=(/var/log/containers /var/log/pods /run/containerd /var/run/netns /var/lib/cni /etc/cni
  /var/lib/kubelet /run/runc)

pki=$STATE/pki
kcfg=$STATE/kubeconfig
admin_kubeconfig=$STATE/admin.kubeconfig
bins=""

node_ip() {
  local dev
  dev=$(ip -4 route show default | awk '{print $5; exit}')
  [ -n "$dev" ] || die "no default route: cannot tell the node's own address"
  ip -4 -o addr show dev "$dev" scope global | awk '{split($4, a, "/"); print a[1]; exit}'
}

pid_of() { cat "$STATE/pids/$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start NAME CMD...: runs CMD in its own session, logs to STATE/logs/NAME.log, PID in STATE/pids.
start() {
  local name=$1; shift
  alive "$name" && return 0
  mkdir -p "$STATE/logs" "$STATE/pids"
  # 9>&-: daemons must not inherit with_lock's lock file, or they would hold the lock for life.
  setsid "$@" </dev/null >>"$STATE/logs/$name.log" 2>&1 9>&- &
  echo $! >"$STATE/pids/$name.pid"
}

stop() {
  local name=$1 p
  p=$(pid_of "$name")
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill "$p" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && { log "$name ($p) did not stop in 10s, killing"; kill -9 "$p" 2>/dev/null || true; }
    log "stopped $name (pid $p)"
  fi
  rm -f "$STATE/pids/$name.pid"
}

wait_for() {
  local what=$1 tries=$2; shift 2
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  for f in "$STATE"/logs/*.log; do echo "--- $f" >&2; tail -n 15 "$f" >&2; done
  die "$what did not come up"
}

kubectl_() { "$bins/kubectl" --kubeconfig "$admin_kubeconfig" "$@"; }

# --- PKI (openssl): one CA for everything, a service-account key pair --------------------------
cert() { # cert NAME CN [O] [SANS]: client/server certificate signed by the cluster CA
  local name=$1 cn=$2 o=${3:-} sans=${4:-}
  [ -f "$pki/$name.crt" ] && return 0
  local subj="/CN=$cn"; [ -n "$o" ] && subj="/O=$o/CN=$cn"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -subj "$subj" -out "$pki/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

make_pki() {
  local ip=$1
  mkdir -p "$pki"; chmod 700 "$pki"
  if [ ! -f "$pki/ca.crt" ]; then
    openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$pki/ca.key" -subj "/CN=goimage-e2e-ca" \
      -days 365 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out "$pki/ca.crt" 2>/dev/null
  fi
  [ -f "$pki/sa.key" ] || { openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null; openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null; }
  cert apiserver kube-apiserver "" \
    "IP:127.0.0.1,IP:$SERVICE_IP,IP:$ip,IP:$POD_GATEWAY,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  cert apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  cert admin kubernetes-admin system:masters
  cert controller-manager system:kube-controller-manager
  cert scheduler system:kube-scheduler
  cert kubelet "system:node:$NODE_NAME" system:nodes
  cert kubelet-serving "$NODE_NAME" "" "IP:$ip,DNS:$NODE_NAME"
}

kubeconfig() { # kubeconfig FILE CERTNAME
  local file=$1 name=$2
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: goimage-e2e
  cluster:
    certificate-authority: $pki/ca.crt
    server: https://127.0.0.1:$APISERVER_PORT
users:
- name: $name
  user:
    client-certificate: $pki/$name.crt
    client-key: $pki/$name.key
contexts:
- name: goimage-e2e
  context: {cluster: goimage-e2e, user: $name}
current-context: goimage-e2e
EOF
}

# --- host network: our bridge, and DNAT from it to chosen loopback ports -------------------------
network_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$POD_GATEWAY/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  # Lets pods reach services we keep on 127.0.0.1 through DNAT. The setting belongs to our bridge
  # and disappears with it.
  sysctl -qw "net.ipv4.conf.$BRIDGE.route_localnet=1"
  iptables -t nat -N "$CHAIN" 2>/dev/null || true
  iptables -t nat -C PREROUTING -i "$BRIDGE" -j "$CHAIN" 2>/dev/null ||
    iptables -t nat -A PREROUTING -i "$BRIDGE" -j "$CHAIN"
  # The `kubernetes` Service (what in-cluster clients use) without kube-proxy: one DNAT rule.
  dnat "$SERVICE_IP" 443 "$APISERVER_PORT"
  dnat "$POD_GATEWAY" "$REGISTRY_PORT" "$REGISTRY_PORT"
  dnat "$POD_GATEWAY" "$GOPROXY_PORT" "$GOPROXY_PORT"
}

dnat() { # dnat DEST_IP DEST_PORT LOOPBACK_PORT
  local rule=(-d "$1/32" -p tcp --dport "$2" -j DNAT --to-destination "127.0.0.1:$3")
  iptables -t nat -C "$CHAIN" "${rule[@]}" 2>/dev/null || iptables -t nat -A "$CHAIN" "${rule[@]}"
}

# --- Go module mirror for pods: the modules the examples need, served from a GOPROXY-layout dir ---
goproxy_up() {
  local mods=$STATE/goproxy dir host_cache
  host_cache=$(go env GOMODCACHE)
  mkdir -p "$mods"
  for dir in "$repo/examples/hello" "$repo/examples/fixtures/privateapp"; do
    # Public requirements only: private ones come from the git server in the test.
    local reqs
    reqs=$(awk '/^require \(/{r=1;next} r&&/^\)/{r=0} r&&NF>=2{print $1"@"$2} /^require [^(]/{print $2"@"$3}' "$dir/go.mod" |
      grep -v 'goimage\.test' || true)
    [ -n "$reqs" ] || continue
    # shellcheck disable=SC2086 # one word per module@version
    (cd "$dir" && GOFLAGS=-mod=mod go mod download $reqs)
    # Copy from the host's module cache into the mirror (a file:// proxy never leaves the machine).
    # shellcheck disable=SC2086
    (cd "$dir" && GOMODCACHE=$mods GOFLAGS=-mod=mod GOPROXY="file://$host_cache/cache/download" \
      GOSUMDB=off go mod download $reqs)
  done
  chmod -R u+w "$mods"
  alive goproxy || start goproxy python3 -m http.server --bind 127.0.0.1 --directory "$mods/cache/download" "$GOPROXY_PORT"
  wait_for "Go module mirror" 30 curl -sf "http://127.0.0.1:$GOPROXY_PORT/"
}

# --- pause image: our own static program, pushed to the local registry ---------------------------
pause_image() {
  curl -sf "http://127.0.0.1:$REGISTRY_PORT/v2/goimage/pause/manifests/e2e" \
    -H 'Accept: application/vnd.oci.image.manifest.v1+json' >/dev/null && return 0
  local work; work=$(mktemp -d)
  mkdir -p "$work/rootfs"
  gcc -static -Os -o "$work/rootfs/pause" "$here/pause.c"
  strip "$work/rootfs/pause"
  oci_layer "$work/rootfs" "$work/pause.tar.gz" --owner=0 --group=0
  oci_image "$work/layout" '{"Entrypoint":["/pause"],"User":"65535:65535"}' e2e "$work/pause.tar.gz"
  skopeo copy -q --dest-tls-verify=false "oci:$work/layout:e2e" "docker://$PAUSE_IMAGE" >&2
  rm -rf "$work"
}

containerd_up() {
  local c=$STATE/containerd
  mkdir -p "$c/root" "$c/state" "$c/opt" "$STATE/cni/net.d" "$STATE/cni/ipam"
  cat >"$STATE/cni/net.d/10-goimage-e2e.conflist" <<EOF
{"cniVersion":"1.0.0","name":"goimage-e2e","plugins":[
 {"type":"bridge","bridge":"$BRIDGE","isGateway":true,"ipMasq":false,"hairpinMode":true,
  "ipam":{"type":"host-local","dataDir":"$STATE/cni/ipam","ranges":[[{"subnet":"$POD_CIDR","gateway":"$POD_GATEWAY"}]],
          "routes":[{"dst":"0.0.0.0/0"}]}}]}
EOF
  cat >"$c/config.toml" <<EOF
version = 2
root = "$c/root"
state = "$c/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$c/containerd.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$c/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # No CAP_SYS_RESOURCE on these machines: never ask runc to lower oom_score_adj.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$c/certs.d"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
EOF
  # Images built in pods are pushed to the registry as pods see it ($POD_GATEWAY:$REGISTRY_PORT);
  # the node pulls the same references (verification pods run image@digest) from 127.0.0.1.
  mkdir -p "$c/certs.d/$POD_GATEWAY:$REGISTRY_PORT"
  cat >"$c/certs.d/$POD_GATEWAY:$REGISTRY_PORT/hosts.toml" <<EOF
server = "http://127.0.0.1:$REGISTRY_PORT"
[host."http://127.0.0.1:$REGISTRY_PORT"]
  capabilities = ["pull", "resolve"]
EOF
  start containerd containerd --config "$c/config.toml"
  wait_for containerd 60 ctr --address "$c/containerd.sock" version
}

control_plane_up() {
  local ip=$1
  start etcd "$bins/etcd" --name goimage-e2e --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "goimage-e2e=http://127.0.0.1:$ETCD_PEER_PORT" \
    --quota-backend-bytes 2147483648
  wait_for etcd 60 curl -sf "http://127.0.0.1:$ETCD_PORT/health"
  start kube-apiserver "$bins/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --bind-address 127.0.0.1 --secure-port "$APISERVER_PORT" --advertise-address "$ip" \
    --service-cluster-ip-range "$SERVICE_CIDR" --allow-privileged=true \
    --authorization-mode Node,RBAC --client-ca-file "$pki/ca.crt" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --kubelet-preferred-address-types InternalIP \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --enable-admission-plugins NodeRestriction --profiling=false
  kubeconfig "$admin_kubeconfig" admin
  wait_for kube-apiserver 120 "$bins/kubectl" --kubeconfig "$admin_kubeconfig" get --raw /readyz
  kubeconfig "$kcfg-controller-manager" controller-manager
  start kube-controller-manager "$bins/kube-controller-manager" \
    --kubeconfig "$kcfg-controller-manager" --authentication-kubeconfig "$kcfg-controller-manager" \
    --authorization-kubeconfig "$kcfg-controller-manager" --bind-address 127.0.0.1 \
    --leader-elect=false --use-service-account-credentials=true \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --controllers '*,-nodeipam,-cloud-node-lifecycle,-service,-route' --profiling=false
  kubeconfig "$kcfg-scheduler" scheduler
  start kube-scheduler "$bins/kube-scheduler" --kubeconfig "$kcfg-scheduler" \
    --authentication-kubeconfig "$kcfg-scheduler" --authorization-kubeconfig "$kcfg-scheduler" \
    --bind-address 127.0.0.1 --leader-elect=false --profiling=false
}

kubelet_up() {
  local ip=$1
  kubeconfig "$kcfg-kubelet" kubelet
  mkdir -p "$STATE/kubelet" "$STATE/pod-logs"
  cat >"$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $ip
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
tlsCertFile: $pki/kubelet-serving.crt
tlsPrivateKeyFile: $pki/kubelet-serving.key
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$STATE/containerd/containerd.sock
cgroupDriver: cgroupfs
failCgroupV1: false
# No CAP_SYS_RESOURCE: kubelet must not try to lower its own oom_score_adj.
oomScoreAdj: 0
failSwapOn: false
podCIDR: $POD_CIDR
podLogsDir: $STATE/pod-logs
evictionHard: {nodefs.available: "1%", imagefs.available: "1%", memory.available: "100Mi"}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
resolvConf: /etc/resolv.conf
maxPods: 30
EOF
  start kubelet "$bins/kubelet" --config "$STATE/kubelet.yaml" --kubeconfig "$kcfg-kubelet" \
    --root-dir "$STATE/kubelet" --hostname-override "$NODE_NAME" --node-ip "$ip" \
    --cert-dir "$pki/kubelet-certs"
}

node_ready() {
  [ "$(kubectl_ get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" = True ]
}

snapshot_host() {
  [ -f "$STATE/host.before" ] && return 0
  mkdir -p "$STATE"
  {
    for s in "${SYSCTLS[@]}"; do echo "sysctl $s $(sysctl -n "$s")"; done
    for p in "${HOST_PATHS[@]}"; do [ -e "$p" ] || echo "absent $p"; done
    for t in filter nat mangle; do iptables -t "$t" -S | awk -v t="$t" '$1=="-N"{print "chain " t " " $2}'; done
    if [ -d /var/run/netns ]; then find /var/run/netns -mindepth 1 -maxdepth 1 -printf "netns %f\n"; fi
  } >"$STATE/host.before.tmp"
  mv "$STATE/host.before.tmp" "$STATE/host.before"
}

cmd_up() {
  apt_install containerd runc containernetworking-plugins iptables openssl curl gcc libc6-dev skopeo jq python3 \
    docker-registry
  bins=$(hack_bins)
  if [ -f "$STATE/up" ] && alive kubelet && node_ready; then
    log "cluster already up"; cmd_env; return 0
  fi
  # A half-started cluster (crash, interrupted up) is torn down first so up starts from a known state.
  [ -d "$STATE" ] && [ ! -f "$STATE/up" ] && [ -f "$STATE/host.before" ] && cmd_down
  local ip; ip=$(node_ip)
  snapshot_host
  network_up
  make_pki "$ip"
  "$repo/hack/registry.sh" start --port "$REGISTRY_PORT" --dir "$STATE/registry" >/dev/null 9>&-
  goproxy_up
  pause_image
  control_plane_up "$ip"
  containerd_up
  kubelet_up "$ip"
  wait_for "node $NODE_NAME Ready" 180 node_ready
  # The node does not have to wait for the default ServiceAccount elsewhere: tests create their own.
  touch "$STATE/up"
  log "cluster up: node $NODE_NAME Ready ($ip), registry 127.0.0.1:$REGISTRY_PORT"
  cmd_env
}

hack_bins() { "$repo/hack/install-kube-bins.sh" --node; }

cmd_env() {
  echo "KUBECONFIG=$admin_kubeconfig"
  echo "E2E_REGISTRY=127.0.0.1:$REGISTRY_PORT"
  echo "E2E_POD_REGISTRY=$POD_GATEWAY:$REGISTRY_PORT"
  echo "E2E_POD_GOPROXY=http://$POD_GATEWAY:$GOPROXY_PORT"
  echo "E2E_POD_HOST=$POD_GATEWAY"
  echo "E2E_VOLUMES_DIR=$STATE/volumes"
  echo "E2E_KUBE_BIN=${bins:-$GOIMAGE_CACHE/kubeapitest/k8s/${KUBE_VERSION}-linux-amd64}"
}

cmd_status() {
  bins=$GOIMAGE_CACHE/kubeapitest/k8s/${KUBE_VERSION}-linux-amd64
  [ -f "$STATE/up" ] && alive kubelet && node_ready
}

cmd_expose() {
  local port=${1:?usage: expose PORT}
  [[ $port =~ ^[0-9]+$ ]] || die "PORT must be a number"
  iptables -t nat -L "$CHAIN" -n >/dev/null 2>&1 || die "cluster is not up"
  dnat "$POD_GATEWAY" "$port" "$port"
  echo "$POD_GATEWAY:$port"
}

# --- down ----------------------------------------------------------------------------------------
cmd_down() {
  [ -d "$STATE" ] || { log "nothing to tear down ($STATE does not exist)"; return 0; }
  local sock=$STATE/containerd/containerd.sock
  stop kubelet
  stop kube-scheduler
  stop kube-controller-manager
  # Containers first (their shims are children of nobody we track: find them by our socket's tasks).
  if alive containerd; then
    local ns c p
    for ns in $(ctr --address "$sock" namespaces list -q 2>/dev/null); do
      for c in $(ctr --address "$sock" -n "$ns" tasks list -q 2>/dev/null); do
        ctr --address "$sock" -n "$ns" tasks kill -s KILL "$c" >/dev/null 2>&1 || true
      done
      sleep 1
      for c in $(ctr --address "$sock" -n "$ns" tasks list -q 2>/dev/null); do
        ctr --address "$sock" -n "$ns" tasks delete -f "$c" >/dev/null 2>&1 || true
      done
      for c in $(ctr --address "$sock" -n "$ns" containers list -q 2>/dev/null); do
        ctr --address "$sock" -n "$ns" containers delete "$c" >/dev/null 2>&1 || true
      done
    done
    # Shims left behind (normally none after the deletes): their command line names our socket.
    for p in $(pgrep -f "containerd-shim-runc-v2 .*-address $sock" || true); do kill -9 "$p" 2>/dev/null || true; done
  fi
  stop containerd
  stop kube-apiserver
  stop etcd
  stop goproxy
  "$repo/hack/registry.sh" stop --port "$REGISTRY_PORT" --dir "$STATE/registry" >/dev/null 2>&1 || true
  # Mounts under our state dir (pod volumes, snapshots, sandbox shm), deepest first.
  local m
  for m in $(awk -v s="$STATE/" 'index($2, s) == 1 {print $2}' /proc/self/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  # Network namespaces that CNI made for our pods.
  if [ -d /var/run/netns ]; then
    for m in /var/run/netns/cni-*; do
      [ -e "$m" ] || continue
      grep -qx "netns ${m##*/}" "$STATE/host.before" 2>/dev/null && continue
      umount "$m" 2>/dev/null || true; rm -f "$m"
    done
  fi
  # Pod cgroups (cgroupfs driver: kubepods/... under each v1 controller), deepest first.
  local d
  for d in /sys/fs/cgroup/*/kubepods; do
    [ -d "$d" ] || continue
    find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  # iptables: our chain, and chains kubelet adds (KUBE-*) that were not there before.
  iptables -t nat -D PREROUTING -i "$BRIDGE" -j "$CHAIN" 2>/dev/null || true
  iptables -t nat -F "$CHAIN" 2>/dev/null || true
  iptables -t nat -X "$CHAIN" 2>/dev/null || true
  local t chain
  for t in filter nat mangle; do
    for chain in $(iptables -t "$t" -S | awk '$1=="-N" && $2 ~ /^KUBE-/ {print $2}'); do
      grep -qx "chain $t $chain" "$STATE/host.before" 2>/dev/null && continue
      # Delete the rules that jump to it, then the chain.
      iptables -t "$t" -S | awk -v c="$chain" '$1=="-A" && $0 ~ ("-j " c "( |$)") {print}' |
        while read -r rule; do
          # shellcheck disable=SC2086 # a rule line from iptables -S, split into its words
          iptables -t "$t" ${rule/-A/-D} 2>/dev/null || true
        done
      iptables -t "$t" -F "$chain" 2>/dev/null || true
      iptables -t "$t" -X "$chain" 2>/dev/null || true
    done
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE"
  # Kernel settings and host paths as they were.
  if [ -f "$STATE/host.before" ]; then
    local kind a b
    while read -r kind a b; do
      case $kind in
        sysctl) [ "$(sysctl -n "$a")" = "$b" ] || sysctl -qw "$a=$b" || log "could not restore $a=$b" ;;
        absent) [ -e "$a" ] && { log "removing $a (made by the cluster)"; rm -rf "$a"; } ;;
      esac
    done <"$STATE/host.before"
  fi
  rm -rf "$STATE"
  log "cluster down"
}

cmd=${1:-}; [ $# -gt 0 ] && shift
case $cmd in
  up) with_lock e2e-cluster cmd_up ;;
  down) with_lock e2e-cluster cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  expose) cmd_expose "$@" ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac
