#!/bin/sh
# The same daemon in Docker, rootless, for a host without buildkitd installed. Needs, as for the
# systemd unit, /etc/buildkit/buildkitd.toml and /etc/buildkit/tls/ with ca.pem, server-cert.pem
# and server-key.pem, here readable by uid 1000, the image's user:
#   chown -R 1000:1000 /etc/buildkit/tls
# The cache lives in the volume buildkitd-cache, on the disk of /var/lib/docker: the garbage
# collection percentages are of that disk.
#
# seccomp, AppArmor and systempaths unconfined let rootless BuildKit create namespaces, mount,
# and give each build step its own /proc (docs/rootless.md in moby/buildkit); unlike on
# Kubernetes, the build steps keep their own PID namespace.
#
# Network: build steps share the container's network namespace (rootless BuildKit runs them with
# the network of its own namespace), on Docker's bridge: they cannot reach the host's loopback,
# but they can reach the host's other addresses and, through NAT, the LAN and the cloud metadata
# service. deploy/README.md ("What build steps can reach") has the firewall rules that close
# those; its Docker network is docker0, or the one given with --network.
set -eu

docker run --detach --name buildkitd --restart unless-stopped \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
  --publish 1234:1234 \
  --volume /etc/buildkit/tls:/certs:ro \
  --volume /etc/buildkit/buildkitd.toml:/home/user/.config/buildkit/buildkitd.toml:ro \
  --volume buildkitd-cache:/home/user/.local/share/buildkit \
  --health-cmd 'buildctl debug workers' --health-interval 30s \
  moby/buildkit:v0.34.2-rootless \
  --addr unix:///run/user/1000/buildkit/buildkitd.sock \
  --addr tcp://0.0.0.0:1234 \
  --config /home/user/.config/buildkit/buildkitd.toml \
  --tlscacert /certs/ca.pem --tlscert /certs/server-cert.pem --tlskey /certs/server-key.pem
