#!/bin/sh
# Installs a BuildKit release (buildkitd, buildctl, buildkit-runc and the buildkit-cni-* plugins
# of the bridge network) into PREFIX/bin, after checking the tarball's sha256 against the one the
# release states. BuildKit publishes no .sha256 file: each tarball's digest is the subject of its
# provenance attestation, buildkit-VERSION.linux-ARCH.provenance.json, beside it in the release
# (signed in buildkit-VERSION.linux-ARCH.sigstore.json). Nothing is installed when they differ.
#   sudo sh deploy/single-host/install-buildkit.sh
# BUILDKIT_RELEASES points at a mirror of the release downloads instead of GitHub.
set -eu

VERSION="${BUILDKIT_VERSION:-v0.34.2}"
ARCH="${BUILDKIT_ARCH:-amd64}"
PREFIX="${PREFIX:-/usr/local}"
RELEASES="${BUILDKIT_RELEASES:-https://github.com/moby/buildkit/releases/download}"
name="buildkit-$VERSION.linux-$ARCH"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
curl -fsSLO "$RELEASES/$VERSION/$name.tar.gz"
curl -fsSLO "$RELEASES/$VERSION/$name.provenance.json"
# An empty list (no subject of that name) fails too: sha256sum -c finds no checksum line.
jq -r --arg file "$name.tar.gz" '.subject[] | select(.name == $file) | "\(.digest.sha256)  \(.name)"' \
  "$name.provenance.json" > "$name.tar.gz.sha256"
sha256sum -c "$name.tar.gz.sha256"
mkdir -p "$PREFIX"
tar -xzf "$name.tar.gz" -C "$PREFIX"
"$PREFIX/bin/buildkitd" --version
