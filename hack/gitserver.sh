#!/usr/bin/env bash
# A real git server over SSH on 127.0.0.1 for private-module tests: Debian's sshd with its own host key,
# key-only auth and a forced command that serves only git fetch/push of the bare repos in its data dir.
# The login user "git" exists only for this sshd (nss_wrapper maps it to the uid running the script), so
# nothing on the machine is changed. Several instances can run side by side (port + dir).
source "$(dirname "$0")/lib.sh"

usage() {
  cat <<'EOF'
Usage: hack/gitserver.sh COMMAND [--port PORT] [--dir DIR] [ARGS]
  start                 start sshd on 127.0.0.1:PORT (default 2222; 0 picks a free port), print 127.0.0.1:PORT
  stop                  stop it (by PID); repos and keys stay in DIR
  addr                  print 127.0.0.1:PORT if running, exit 1 if not
  keygen [FILE]         create an ed25519 client keypair FILE, FILE.pub (default DIR/client/id_ed25519) unless
                        it exists, authorize it, print FILE
  known-hosts           print the known_hosts line "[127.0.0.1]:PORT ssh-ed25519 ..." (also kept in DIR/known_hosts)
  ssh-command [FILE]    print a GIT_SSH_COMMAND value that uses key FILE (default the keygen one) + DIR/known_hosts
  publish SRC NAME [--tag TAG]
                        commit directory SRC (fixed author and date, always a root commit, so the same content
                        gives the same commit) as branch main of bare repo NAME.git, optionally tag it, and print
                        two lines: ssh://git@127.0.0.1:PORT/NAME.git and the commit id
Data: DIR (default $GOIMAGE_CACHE/run/gitserver-PORT): sshd_config, ssh_host_ed25519_key, authorized_keys,
      repos/NAME.git, sshd.pid, sshd.log. Clone URLs may omit the .git suffix.
EOF
}

cmd=${1:-}; [ $# -gt 0 ] && shift
port=2222 dir="" tag="" args=()
while [ $# -gt 0 ]; do
  case $1 in
    --port) port=$2; shift 2 ;;
    --dir) dir=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) args+=("$1"); shift ;;
  esac
done
case $cmd in
  -h|--help|help) usage; exit 0 ;;
  start|stop|addr|keygen|known-hosts|ssh-command|publish) ;;
  *) usage >&2; exit 2 ;;
esac

if [ "$port" = 0 ]; then
  [ "$cmd" = start ] || die "--port 0 only makes sense with start"
  port=$(free_port)
fi
dir=${dir:-$GOIMAGE_CACHE/run/gitserver-$port}
mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
addr=127.0.0.1:$port
pidfile=$dir/sshd.pid

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
listening() { [ -n "$(ss -Hltn "sport = :$port")" ]; }

# Everything sshd needs in DIR; idempotent, keeps existing keys.
prepare() {
  apt_install openssh-server openssh-client git libnss-wrapper
  mkdir -p "$dir/repos" "$dir/home" "$dir/client"
  [ -f "$dir/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "goimage-gitserver" -f "$dir/ssh_host_ed25519_key"
  touch "$dir/authorized_keys"; chmod 600 "$dir/authorized_keys"
  printf '[%s]:%s %s\n' 127.0.0.1 "$port" "$(cut -d' ' -f1,2 "$dir/ssh_host_ed25519_key.pub")" >"$dir/known_hosts"
  # The user table sshd sees (through nss_wrapper): root and sshd as on the host, plus "git".
  { getent passwd root; getent passwd sshd || echo "sshd:x:65534:65534::/run/sshd:/usr/sbin/nologin"
    echo "git:x:$(id -u):$(id -g):git:$dir/home:/bin/sh"; } >"$dir/passwd"
  { getent group root; getent group nogroup || true; } >"$dir/group"
  # The forced command: only git-upload-pack/-receive-pack/-upload-archive of a repo under repos/.
  cat >"$dir/git-serve" <<EOF
#!/usr/bin/env bash
set -euo pipefail
repos='$dir/repos'
re="^(git-upload-pack|git-receive-pack|git-upload-archive) '?/?([A-Za-z0-9._/-]+)'?\\\$"
if [[ \${SSH_ORIGINAL_COMMAND:-} =~ \$re ]]; then
  verb=\${BASH_REMATCH[1]} path=\${BASH_REMATCH[2]%/}
  if [[ \$path != *..* ]]; then
    [[ \$path == *.git ]] || path=\$path.git
    [ -d "\$repos/\$path" ] || { echo "repository \$path does not exist" >&2; exit 1; }
    exec "\$verb" "\$repos/\$path"
  fi
fi
echo "this server only serves git fetch and push" >&2
exit 1
EOF
  chmod 755 "$dir/git-serve"
  cat >"$dir/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/ssh_host_ed25519_key
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
AllowUsers git
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PermitTTY no
AllowTcpForwarding no
AllowAgentForwarding no
AllowStreamLocalForwarding no
X11Forwarding no
PrintMotd no
AcceptEnv GIT_PROTOCOL
ForceCommand $dir/git-serve
LogLevel VERBOSE
EOF
}

default_key=$dir/client/id_ed25519

case $cmd in
  addr)
    running && listening || { log "no git server running at $addr (dir $dir)"; exit 1; }
    echo "$addr" ;;
  stop)
    if running; then
      pid=$(cat "$pidfile"); kill "$pid"
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "stopped git server $addr (pid $pid)"
    fi
    rm -f "$pidfile" ;;
  start)
    prepare
    if running && listening; then echo "$addr"; exit 0; fi
    listening && die "port $port is already in use by another process"
    mkdir -p /run/sshd   # sshd's privilege separation directory
    /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd rejected $dir/sshd_config"
    LD_PRELOAD=libnss_wrapper.so NSS_WRAPPER_PASSWD=$dir/passwd NSS_WRAPPER_GROUP=$dir/group \
      setsid /usr/sbin/sshd -D -e -f "$dir/sshd_config" </dev/null >>"$dir/sshd.log" 2>&1 &
    echo $! >"$pidfile"
    for _ in $(seq 100); do
      listening && { echo "$addr"; exit 0; }
      running || break
      sleep 0.1
    done
    tail -n 20 "$dir/sshd.log" >&2 || true
    die "sshd did not come up on $addr" ;;
  keygen)
    prepare
    key=${args[0]:-$default_key}
    mkdir -p "$(dirname "$key")"
    [ -f "$key" ] || ssh-keygen -q -t ed25519 -N '' -C "goimage-gitserver-client" -f "$key"
    pub=$(cut -d' ' -f1,2 "$key.pub")
    grep -qF "$pub" "$dir/authorized_keys" || echo "restrict $pub" >>"$dir/authorized_keys"
    echo "$key" ;;
  known-hosts)
    prepare
    cat "$dir/known_hosts" ;;
  ssh-command)
    prepare
    key=${args[0]:-$default_key}
    echo "ssh -i $key -o IdentitiesOnly=yes -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes" ;;
  publish)
    [ ${#args[@]} -eq 2 ] || die "usage: publish SRC NAME [--tag TAG]"
    src=${args[0]} name=${args[1]%.git}
    [ -d "$src" ] || die "$src is not a directory"
    [[ $name =~ ^[A-Za-z0-9._/-]+$ && $name != *..* ]] || die "bad repository name $name"
    prepare
    bare=$dir/repos/$name.git
    [ -d "$bare" ] || { mkdir -p "$bare"; git init -q --bare "$bare"; }
    tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
    export GIT_INDEX_FILE=$tmp/index GIT_DIR=$bare
    git --work-tree="$src" add -A .
    tree=$(git write-tree)
    export GIT_AUTHOR_NAME=goimage GIT_AUTHOR_EMAIL=goimage@goimage.test GIT_AUTHOR_DATE=2000-01-01T00:00:00Z
    export GIT_COMMITTER_NAME=goimage GIT_COMMITTER_EMAIL=goimage@goimage.test GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
    commit=$(git commit-tree --no-gpg-sign -m "publish $name" "$tree")
    git update-ref refs/heads/main "$commit"
    git symbolic-ref HEAD refs/heads/main
    [ -z "$tag" ] || git update-ref "refs/tags/$tag" "$commit"
    echo "ssh://git@$addr/$name.git"
    echo "$commit" ;;
esac
