#!/usr/bin/env bash
# Starts (or stops) the real software the environment tests run against:
# a private dockerd and Debian's docker-registry on loopback, with a tiny
# image pushed into the registry; and for the --node tests a private
# containerd (no CRI plugin) and a second docker-registry serving the same
# storage over TLS with a certificate from a throwaway CA (openssl). Everything
# lives in one temp dir.
#
#   scripts/real-services.sh start      # prints the path of an env file to source
#   scripts/real-services.sh stop DIR   # DIR defaults to $ACR_HEALTH_REAL_DIR
#
# Needs root (dockerd), and the Debian packages docker.io, docker-registry,
# containerd and openssl. Without containerd or openssl the --node services
# are left out (their tests say SKIPPED, or fail under ACR_HEALTH_REQUIRE_REAL=1).
set -euo pipefail

log() { echo "real-services: $*" >&2; }

free_port() {
    local port
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 40000))
        if ! (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

wait_for() { # SECONDS COMMAND...
    local deadline=$((SECONDS + $1))
    shift
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            return 1
        fi
        sleep 0.2
    done
}

stop() {
    local dir=${1:-${ACR_HEALTH_REAL_DIR:-}}
    if [[ -z "$dir" || ! -d "$dir" ]]; then
        log "nothing to stop"
        return 0
    fi
    local name pid
    for name in containerd tls-registry registry dockerd; do
        [[ -f "$dir/$name.pid" ]] || continue
        pid=$(cat "$dir/$name.pid")
        kill -TERM "$pid" 2>/dev/null || continue
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    # dockerd may leave mounts (netns, shm) under its roots.
    awk -v d="$dir" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
        while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$dir"
    log "stopped, removed $dir"
}

# The --node tests' services: a TLS registry over the same storage (its CA in
# $dir/tls/ca.pem) and a private containerd on a socket in $dir.
start_node_services() {
    local dir=$1 tls=$1/tls
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=acr-health test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
        -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$tls/ext"
    openssl x509 -req -days 2 -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -CAcreateserial -extfile "$tls/ext" -out "$tls/server.pem" 2>/dev/null

    local tls_port
    tls_port=$(free_port)
    cat >"$dir/tls-registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
http:
  addr: 127.0.0.1:$tls_port
  secret: acr-health-test-only
  tls:
    certificate: $tls/server.pem
    key: $tls/server.key
YAML
    /usr/bin/docker-registry serve "$dir/tls-registry.yml" >"$dir/tls-registry.log" 2>&1 &
    echo $! >"$dir/tls-registry.pid"

    # containerd as root without systemd; its CRI plugin (and so CNI) is
    # not needed: the tests pull with ctr.
    cat >"$dir/containerd.toml" <<TOML
version = 2
root = "$dir/containerd/root"
state = "$dir/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$dir/containerd.sock"
[ttrpc]
  address = "$dir/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
TOML
    containerd --config "$dir/containerd.toml" >"$dir/containerd.log" 2>&1 &
    echo $! >"$dir/containerd.pid"

    wait_for 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$tls_port" || { log "TLS registry did not listen"; false; }
    wait_for 30 env CONTAINERD_ADDRESS="$dir/containerd.sock" ctr version || { log "containerd did not answer within 30 s"; false; }
    cat >>"$dir/env" <<ENV
export ACR_HEALTH_TEST_CONTAINERD_ADDRESS=$dir/containerd.sock
export ACR_HEALTH_TEST_TLS_REGISTRY=127.0.0.1:$tls_port
export ACR_HEALTH_TEST_REGISTRY_CA=$tls/ca.pem
ENV
    log "containerd on $dir/containerd.sock, TLS registry on 127.0.0.1:$tls_port"
}

start() {
    if [[ $(id -u) != 0 ]]; then
        log "dockerd needs root"
        return 1
    fi
    local tool
    for tool in dockerd docker docker-registry; do
        command -v "$tool" >/dev/null || { log "$tool is not installed"; return 1; }
    done

    local dir
    dir=$(mktemp -d /tmp/acr-health-real.XXXXXX)
    # From here on, a failure cleans up what was started.
    trap 'log "start failed; see $dir/*.log"; tail -n 20 "$dir"/*.log >&2 || true; stop "$dir"' ERR
    local sock="unix://$dir/docker.sock"

    dockerd \
        --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/exec/dockerd.pid" \
        -H "$sock" \
        --storage-driver=vfs --bridge=none \
        --iptables=false --ip6tables=false --ip-forward=false \
        >"$dir/dockerd.log" 2>&1 &
    echo $! >"$dir/dockerd.pid"

    local port
    port=$(free_port)
    mkdir -p "$dir/registry"
    cat >"$dir/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/registry
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
  secret: acr-health-test-only
YAML
    /usr/bin/docker-registry serve "$dir/registry.yml" >"$dir/registry.log" 2>&1 &
    echo $! >"$dir/registry.pid"

    export DOCKER_HOST="$sock" DOCKER_CONFIG="$dir/client"
    wait_for 60 docker version || { log "dockerd did not answer within 60 s"; false; }
    wait_for 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" || { log "registry did not listen"; false; }

    # A one-file image, imported from a tar, pushed, then removed locally so
    # that the tests' pull really fetches it.
    local image="127.0.0.1:$port/acr-health/hello:latest"
    mkdir -p "$dir/rootfs"
    echo "hello from acr-health's test image" >"$dir/rootfs/hello.txt"
    tar -C "$dir/rootfs" -cf "$dir/hello.tar" .
    docker import "$dir/hello.tar" "$image" >/dev/null
    docker push "$image" >/dev/null
    docker rmi "$image" >/dev/null

    cat >"$dir/env" <<ENV
export ACR_HEALTH_REAL_DIR=$dir
export ACR_HEALTH_TEST_DOCKER_HOST=$sock
export ACR_HEALTH_TEST_REGISTRY=127.0.0.1:$port
export ACR_HEALTH_TEST_IMAGE=$image
ENV
    if command -v containerd >/dev/null && command -v ctr >/dev/null && command -v openssl >/dev/null; then
        start_node_services "$dir"
    else
        log "containerd, ctr or openssl is not installed: no containerd for the --node tests"
    fi
    trap - ERR
    log "dockerd on $sock, registry on 127.0.0.1:$port, image $image"
    echo "$dir/env"
}

case "${1:-}" in
start) start ;;
stop) stop "${2:-}" ;;
*)
    echo "usage: $0 start | stop [DIR]" >&2
    exit 2
    ;;
esac
