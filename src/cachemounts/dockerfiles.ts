import type { FoundMount } from "./scan.js";
import { mountDirName } from "./scan.js";

/**
 * The Dockerfile that copies restored contents into the builder's cache mounts: one stage a mount,
 * on the image the user's own stage runs on, reading the restored directory as a named context.
 * The stamp makes every run execute, since a cached step would copy nothing.
 */
export function injectDockerfile(mounts: readonly FoundMount[]): string {
  const lines = ["ARG RBK_STAMP"];
  mounts.forEach((m, i) => {
    const dir = mountDirName(m.id);
    lines.push(
      `FROM ${m.base} AS mount${i}`,
      "ARG RBK_STAMP",
      `RUN --mount=type=cache,id=${m.id},target=${m.target}${m.ownership} --mount=type=bind,from=restored,source=${dir},target=/rbk-restored ` +
        `sh -c 'cp -a /rbk-restored/. "${m.target}/" && echo "$RBK_STAMP" > /rbk-done-${i}'`,
    );
  });
  lines.push("FROM scratch", ...mounts.map((_, i) => `COPY --from=mount${i} /rbk-done-${i} /`));
  return `${lines.join("\n")}\n`;
}

/** The Dockerfile that copies the cache mounts out, to export them with `--output type=local`. */
export function extractDockerfile(mounts: readonly FoundMount[]): string {
  const lines = ["ARG RBK_STAMP"];
  mounts.forEach((m, i) => {
    const dir = mountDirName(m.id);
    lines.push(
      `FROM ${m.base} AS mount${i}`,
      "ARG RBK_STAMP",
      `RUN --mount=type=cache,id=${m.id},target=${m.target}${m.ownership} sh -c 'mkdir -p /rbk-out/${dir} && cp -a "${m.target}/." /rbk-out/${dir}/ && echo "$RBK_STAMP" > /dev/null'`,
    );
  });
  lines.push("FROM scratch", ...mounts.map((_, i) => `COPY --from=mount${i} /rbk-out/ /`));
  return `${lines.join("\n")}\n`;
}
