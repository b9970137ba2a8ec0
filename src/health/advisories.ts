/**
 * Published security advisories of BuildKit (moby/buildkit's GitHub advisories), newest first,
 * each with the first release that fixes it. Kept by hand: add each new advisory at the top.
 * Checked against the advisories on 2026-12-01.
 */
export interface Advisory {
  readonly id: string;
  readonly cve: string;
  readonly summary: string;
  /** The first release without the flaw; every earlier one is affected. */
  readonly fixed: string;
  /** Releases before this one never had the flaw; empty when all had it. */
  readonly introduced: string;
}

export const ADVISORY_URL = "https://github.com/moby/buildkit/security/advisories/";

export const ADVISORIES: readonly Advisory[] = [
  { id: "GHSA-7236-3392-c5c6", cve: "", summary: "a custom frontend could run build containers without seccomp and AppArmor", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-72x6-4j93-7w86", cve: "", summary: "a crafted base image or build could exhaust buildkitd's memory", fixed: "v0.31.1", introduced: "" },
  { id: "GHSA-4vrq-3vrq-g6gg", cve: "CVE-2026-33748", summary: "a custom frontend could write files outside the build's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-4c29-8rgm-jvjj", cve: "CVE-2026-33747", summary: "a custom frontend could write files outside the execution context's state directory", fixed: "v0.28.1", introduced: "" },
  { id: "GHSA-wr6v-9f75-vh2g", cve: "CVE-2024-23653", summary: "the interactive containers API did not check the security.insecure entitlement", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-4v98-7qmw-rqr8", cve: "CVE-2024-23652", summary: "RUN --mount clean-up could remove a file outside the container, on the host", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-m3r6-h7wv-7xxv", cve: "CVE-2024-23651", summary: "a race between steps sharing cache mounts with subpaths could expose host files", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-9p26-698r-w4hx", cve: "CVE-2024-23650", summary: "a crafted client or frontend request could crash buildkitd", fixed: "v0.12.5", introduced: "" },
  { id: "GHSA-gc89-7gcr-jxqc", cve: "CVE-2023-26054", summary: "credentials in a Git URL could show in provenance attestations", fixed: "v0.11.4", introduced: "v0.11.0" },
];

/** `v0.34.2` as numbers; undefined for a version that is not a release (`(devel)`, empty). */
export function releaseNumbers(version: string): readonly number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function compareReleases(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** The advisories that affect a daemon of this version; none when the version is not a release. */
export function advisoriesFor(version: string, table: readonly Advisory[] = ADVISORIES): Advisory[] {
  const have = releaseNumbers(version);
  if (!have) return [];
  return table.filter((a) => {
    const fixed = releaseNumbers(a.fixed);
    const introduced = a.introduced ? releaseNumbers(a.introduced) : undefined;
    return fixed !== undefined && compareReleases(have, fixed) < 0 && (!introduced || compareReleases(have, introduced) >= 0);
  });
}
