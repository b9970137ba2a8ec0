#!/usr/bin/env bash
# The test bed of .github/workflows/e2e.yml, inside a job: the same commands on a hosted runner and
# under nektos/act on a test machine. Everything comes from the project's own scripts: the tools
# from scripts/testbed-install.sh, the certificates from its `certs` command (dist/cli.js).
#
#   e2e-bed.sh start           certificates, a registry and buildkitd with mutual TLS on free ports;
#                              later steps get BUILDKIT_ENDPOINT, BUILDKIT_CA, BUILDKIT_CERT,
#                              BUILDKIT_KEY (base64, as users store them; the key masked first),
#                              E2E_REGISTRY and E2E_CONTEXT (a build context) through GITHUB_ENV
#   e2e-bed.sh engine          a Docker engine of the test bed's own (Debian's dockerd, unpacked by
#                              the install) on a private socket, with the BuildKit image the install
#                              made as the docker-container driver's default: for a runner without
#                              one (act on the host); later steps get DOCKER_HOST
#   e2e-bed.sh digest REPO:TAG the digest the registry serves for REPO:TAG
#   e2e-bed.sh stop            stops all of it and removes the directory, keys included
#
# State lives in RBK_E2E_ROOT/rbk-e2e-JOB (RBK_E2E_ROOT defaults to RUNNER_TEMP), so jobs that
# share a machine (act runs them side by side on the host) do not meet; scripts/e2e-act.sh names
# the root so that it can stop whatever a job killed midway left running.
set -euo pipefail
cd "$(dirname "$0")/.."

# buildkitd runs as root; a hosted runner's user has password-less sudo. The environment goes
# along: GITHUB_ENV, RUNNER_TEMP, and PATH with the job's Node and Go.
if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env env "PATH=$PATH" "RBK_TOOLS=${RBK_TOOLS:-$HOME/.cache/remote-buildkit/tools}" bash "$0" "$@"
fi

DIR="${RBK_E2E_ROOT:-${RUNNER_TEMP:?RUNNER_TEMP is not set: run this in a workflow job}}/rbk-e2e-${GITHUB_JOB:-job}"
log() { printf '[e2e-bed] %s\n' "$*" >&2; }

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_for() { # what, seconds, command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq $((seconds * 4))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  log "$what did not start within ${seconds}s; its log:"; tail -n 30 "$DIR/$what.log" >&2 || true
  return 1
}

# Detached from the step (setsid), so it outlives it; stop ends it by its pid file.
start_service() { # name, command...
  local name=$1; shift
  setsid "$@" >"$DIR/$name.log" 2>&1 < /dev/null &
  echo $! > "$DIR/$name.pid"
}

to_env() { # NAME VALUE: for the job's later steps
  printf '%s=%s\n' "$1" "$2" >> "${GITHUB_ENV:?GITHUB_ENV is not set}"
}

start() {
  [ ! -e "$DIR" ] || { log "$DIR exists: run stop first"; exit 1; }
  # The workflow draws no summary chart: Chromium is the one package it can do without.
  RBK_TESTBED_BROWSER=0 bash scripts/testbed-install.sh > /dev/null
  # Readable: on a hosted runner the action runs as the runner's user and reads the build context
  # here. The keys are not: `certs init` makes its directory 0700 and the key files 0600.
  mkdir -p "$DIR"

  # Its stdout holds the base64 values to store as secrets, the key among them: not for the log.
  node dist/cli.js certs init --host 127.0.0.1 --out "$DIR/certs" > /dev/null
  local certs=$DIR/certs
  local registry_port daemon_port
  registry_port=$(free_port)
  daemon_port=$(free_port)

  mkdir -p "$DIR/registry"
  cat > "$DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/registry
http:
  addr: 127.0.0.1:$registry_port
EOF
  start_service registry docker-registry serve "$DIR/registry.yml"
  wait_for registry 20 curl -fsS "http://127.0.0.1:$registry_port/v2/"

  # The registry is plain HTTP on loopback.
  printf '[registry."127.0.0.1:%s"]\n  http = true\n  insecure = true\n' "$registry_port" > "$DIR/buildkitd.toml"
  start_service buildkitd buildkitd --root "$DIR/root" --config "$DIR/buildkitd.toml" \
    --addr "tcp://127.0.0.1:$daemon_port" --addr "unix://$DIR/buildkitd.sock" \
    --tlscacert "$certs/ca.pem" --tlscert "$certs/server-cert.pem" --tlskey "$certs/server-key.pem"
  wait_for buildkitd 60 buildctl --addr "unix://$DIR/buildkitd.sock" debug workers

  # The README's app: a RUN step with a cache mount and a secret, built on a busybox copied in,
  # since no base image can be pulled on a test machine.
  cp -r test/fixtures/app "$DIR/context"
  cp "$(command -v busybox)" "$DIR/context/busybox"
  chmod -R a+rX "$DIR/context"

  local key
  key=$(base64 -w0 "$certs/client-key.pem")
  echo "::add-mask::$key"
  to_env BUILDKIT_ENDPOINT "tcp://127.0.0.1:$daemon_port"
  to_env BUILDKIT_CA "$(base64 -w0 "$certs/ca.pem")"
  to_env BUILDKIT_CERT "$(base64 -w0 "$certs/client-cert.pem")"
  to_env BUILDKIT_KEY "$key"
  to_env E2E_REGISTRY "127.0.0.1:$registry_port"
  to_env E2E_CONTEXT "$DIR/context"
  log "buildkitd $(buildkitd --version | cut -d' ' -f3) with mutual TLS at tcp://127.0.0.1:$daemon_port, registry at 127.0.0.1:$registry_port"
}

engine() {
  [ -d "$DIR" ] || { log "run start first"; exit 1; }
  local tools=${RBK_TOOLS:-$HOME/.cache/remote-buildkit/tools} version
  version=$(sed -n 's/^BUILDKIT_VERSION=//p' scripts/testbed-install.sh)
  local bin=$tools/docker-engine/usr sock=$DIR/docker/docker.sock
  mkdir -p "$DIR/docker"
  # As test/bed/docker.ts starts it: no networking of its own, the runtime wrapper that drops the
  # capabilities a sandbox lacks (the driver's container is privileged), tini as docker-init.
  PATH="$bin/bin:$bin/sbin:$PATH" start_service dockerd "$bin/sbin/dockerd" -H "unix://$sock" \
    --data-root "$DIR/docker/data" --exec-root "$DIR/docker/exec" --pidfile "$DIR/docker/docker.pid" \
    --iptables=false --ip-masq=false --ip6tables=false --bridge=none --userland-proxy=false \
    --add-runtime "rbk-runc=$PWD/scripts/testbed/runc-capbnd" --default-runtime rbk-runc \
    --init-path "$bin/bin/tini-static" --shutdown-timeout 4
  wait_for dockerd 60 curl -fsS --unix-socket "$sock" http://docker/_ping
  # Nothing can be pulled on a test machine: the driver's default image is the one the install made.
  DOCKER_HOST="unix://$sock" docker import -c 'ENTRYPOINT ["buildkitd"]' "$tools/buildkit-image-$version.tar" \
    moby/buildkit:buildx-stable-1 > /dev/null
  to_env DOCKER_HOST "unix://$sock"
  log "dockerd $("$bin/sbin/dockerd" --version | cut -d' ' -f3 | tr -d ,) at unix://$sock"
}

digest() {
  local ref=${1:?digest REPO:TAG}
  local accept="application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json"
  accept+=", application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json"
  curl -fsSI -H "Accept: $accept" "http://${E2E_REGISTRY:?}/v2/${ref%:*}/manifests/${ref##*:}" \
    | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p'
}

stop() {
  [ -d "$DIR" ] || return 0
  # dockerd stops its containers and its containerd on SIGTERM.
  for name in dockerd buildkitd registry; do
    [ -f "$DIR/$name.pid" ] || continue
    local pid; pid=$(cat "$DIR/$name.pid")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # What a killed dockerd left (its containerd and shims name the directory on their command
  # lines); the overlay mounts a killed daemon left.
  pgrep -f "$DIR/" | xargs -r kill -9 2>/dev/null || true
  grep -o " $DIR/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$DIR"
  log "stopped; $DIR removed"
}

case "${1:-}" in
  start) start ;;
  engine) engine ;;
  digest) digest "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 start | engine | digest REPO:TAG | stop" >&2; exit 2 ;;
esac
