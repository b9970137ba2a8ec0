import assert from "node:assert/strict";

/**
 * systemd's file-system hardening, done by hand where systemd is not PID 1 (as here): runs a
 * command in a mount namespace of its own with the unit's ProtectSystem, ProtectHome, PrivateTmp
 * and ReadWritePaths applied the way systemd applies them (systemd.exec(5)). Only the values the
 * kit's unit uses are known; any other value fails, so that a changed unit is not tested half.
 */
export function hardened(unit: string, moves: ReadonlyArray<readonly [string, string]>, command: readonly string[]): string[] {
  const setting = (name: string): string | undefined => new RegExp(`^${name}=(.*)$`, "m").exec(unit)?.[1]?.trim();
  const steps: string[] = ["set -e"];
  assert.equal(setting("ProtectSystem"), "full", "the emulation knows ProtectSystem=full");
  // full: /usr, /boot, /efi and /etc read-only.
  steps.push('for d in /usr /boot /efi /etc; do if [ -d "$d" ]; then mount --bind "$d" "$d"; mount -o remount,bind,ro "$d"; fi; done');
  assert.equal(setting("ProtectHome"), "yes", "the emulation knows ProtectHome=yes");
  // yes: /home, /root and /run/user empty and inaccessible.
  steps.push('for d in /home /root /run/user; do if [ -d "$d" ]; then mount -t tmpfs -o mode=000 tmpfs "$d"; fi; done');
  assert.equal(setting("PrivateTmp"), "yes", "the emulation knows PrivateTmp=yes");
  steps.push("mount -t tmpfs -o mode=1777 tmpfs /tmp", "mount -t tmpfs -o mode=1777 tmpfs /var/tmp");
  // ReadWritePaths: writable even below a read-only path (the test's paths are moved, as the command's).
  for (const path of (setting("ReadWritePaths") ?? "").split(/\s+/).filter(Boolean)) {
    const moved = moves.reduce((p, [from, to]) => (p.startsWith(from) ? to + p.slice(from.length) : p), path);
    steps.push(`mkdir -p '${moved}'`, `mount --bind '${moved}' '${moved}'`, `mount -o remount,bind,rw '${moved}'`);
  }
  steps.push('exec "$@"');
  return ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", steps.join("\n"), "sh", ...command];
}
