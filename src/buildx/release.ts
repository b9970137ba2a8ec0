/** Pure facts about buildx releases: names, versions, checksums. */

/** Installed when the runner has no buildx and no version is pinned: the version the tests ran. */
export const DEFAULT_BUILDX_VERSION = "v0.38.2";

export const RELEASES_URL = "https://github.com/docker/buildx/releases/download";

const ARCHES: Readonly<Record<string, string>> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm-v7",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
};

/** The release asset for this machine, such as `buildx-v0.38.2.linux-amd64`. */
export function releaseAssetName(version: string, platform: string, arch: string): string {
  const goArch = ARCHES[arch];
  if (!goArch) throw new Error(`buildx publishes no release for the ${arch} architecture`);
  const os = platform === "win32" ? "windows" : platform;
  return `buildx-${version}.${os}-${goArch}${os === "windows" ? ".exe" : ""}`;
}

/** The SHA-256 that a release's checksums.txt lists for one asset. */
export function checksumFor(checksums: string, asset: string): string | undefined {
  for (const line of checksums.split("\n")) {
    const match = /^([0-9a-f]{64})\s+\*?(\S+)\s*$/.exec(line.trim());
    if (match && match[2] === asset) return match[1];
  }
  return undefined;
}

/** The version in `buildx version` output: `github.com/docker/buildx v0.38.2 abc123`. */
export function parseBuildxVersion(output: string): string | undefined {
  return /\s(v\d+\.\d+\.\d+\S*)/.exec(output)?.[1];
}
