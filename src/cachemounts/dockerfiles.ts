import { mountArchiveName, type FoundMount } from "./scan.js";

/**
 * One stage a mount, on the image the user's own stage runs on, then a last stage that depends on
 * them all. The stamp argument makes every run execute, since a cached step would copy nothing.
 */
function stagePerMount(mounts: readonly FoundMount[], run: (m: FoundMount, i: number, archive: string) => string, collect: (i: number) => string): string {
  const lines = ["ARG RBK_STAMP"];
  mounts.forEach((m, i) => lines.push(`FROM ${m.base} AS mount${i}`, "ARG RBK_STAMP", run(m, i, mountArchiveName(m.id))));
  lines.push("FROM scratch", ...mounts.map((_, i) => collect(i)));
  return `${lines.join("\n")}\n`;
}

function cacheMount(m: FoundMount): string {
  return `--mount=type=cache,id=${m.id},target=${m.target}${m.ownership}`;
}

/** Unpacks the restored archives (the named context `restored`) into the builder's cache mounts. */
export function injectDockerfile(mounts: readonly FoundMount[]): string {
  return stagePerMount(mounts,
    (m, i, archive) => `RUN ${cacheMount(m)} --mount=type=bind,from=restored,source=${archive},target=/rbk-restored.tar ` +
      `sh -c 'tar -xf /rbk-restored.tar -C "${m.target}" && echo "$RBK_STAMP" > /rbk-done-${i}'`,
    (i) => `COPY --from=mount${i} /rbk-done-${i} /`);
}

/** Packs each cache mount into its archive, to export them with `--output type=local`. */
export function extractDockerfile(mounts: readonly FoundMount[]): string {
  return stagePerMount(mounts,
    (m, _i, archive) => `RUN ${cacheMount(m)} sh -c 'mkdir -p /rbk-out && tar -cf "/rbk-out/${archive}" -C "${m.target}" . && echo "$RBK_STAMP" > /dev/null'`,
    (i) => `COPY --from=mount${i} /rbk-out/ /`);
}
