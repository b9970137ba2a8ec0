import type { FoundMount } from "./scan.js";
import { mountDirName } from "./scan.js";

/**
 * One stage a mount, on the image the user's own stage runs on, then a last stage that depends on
 * them all. The stamp argument makes every run execute, since a cached step would copy nothing.
 */
function stagePerMount(mounts: readonly FoundMount[], run: (m: FoundMount, i: number, dir: string) => string, collect: (i: number) => string): string {
  const lines = ["ARG RBK_STAMP"];
  mounts.forEach((m, i) => lines.push(`FROM ${m.base} AS mount${i}`, "ARG RBK_STAMP", run(m, i, mountDirName(m.id))));
  lines.push("FROM scratch", ...mounts.map((_, i) => collect(i)));
  return `${lines.join("\n")}\n`;
}

function cacheMount(m: FoundMount): string {
  return `--mount=type=cache,id=${m.id},target=${m.target}${m.ownership}`;
}

/** Copies restored contents (the named context `restored`, a directory a mount) into the builder's cache mounts. */
export function injectDockerfile(mounts: readonly FoundMount[]): string {
  return stagePerMount(mounts,
    (m, i, dir) => `RUN ${cacheMount(m)} --mount=type=bind,from=restored,source=${dir},target=/rbk-restored ` +
      `sh -c 'cp -a /rbk-restored/. "${m.target}/" && echo "$RBK_STAMP" > /rbk-done-${i}'`,
    (i) => `COPY --from=mount${i} /rbk-done-${i} /`);
}

/** Copies the cache mounts out, to export them with `--output type=local`. */
export function extractDockerfile(mounts: readonly FoundMount[]): string {
  return stagePerMount(mounts,
    (m, _i, dir) => `RUN ${cacheMount(m)} sh -c 'mkdir -p /rbk-out/${dir} && cp -a "${m.target}/." /rbk-out/${dir}/ && echo "$RBK_STAMP" > /dev/null'`,
    (i) => `COPY --from=mount${i} /rbk-out/ /`);
}
