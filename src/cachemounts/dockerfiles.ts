import { mountArchiveName, type FoundMount } from "./scan.js";

/**
 * What runs the copy: `tools`, a small root filesystem sent as the named context `tools` (a busybox
 * taken from the builder's own BuildKit container, see tools.ts), so nothing is pulled; or, without
 * it, the image the user's own stage runs on, with its sh and tar.
 */
export type CopyRunner = "tools" | "stage-image";

const TOOLS_STAGE = "rbk-tools";

/**
 * One stage a mount, then a last stage that depends on them all. The stamp argument makes every
 * run execute, since a cached step would copy nothing.
 */
function stagePerMount(mounts: readonly FoundMount[], runner: CopyRunner, run: (m: FoundMount, i: number, archive: string) => string, collect: (i: number) => string): string {
  const lines = ["ARG RBK_STAMP"];
  if (runner === "tools") lines.push(`FROM scratch AS ${TOOLS_STAGE}`, "COPY --from=tools / /");
  mounts.forEach((m, i) => lines.push(`FROM ${runner === "tools" ? TOOLS_STAGE : m.base} AS mount${i}`, "ARG RBK_STAMP", run(m, i, mountArchiveName(m.id))));
  lines.push("FROM scratch", ...mounts.map((_, i) => collect(i)));
  return `${lines.join("\n")}\n`;
}

function cacheMount(m: FoundMount): string {
  return `--mount=type=cache,id=${m.id},target=${m.target}${m.ownership}`;
}

/** A shell command as a RUN line: the stage image's sh, or the tools' busybox by its path. */
function runLine(runner: CopyRunner, mounts: string, script: string): string {
  return runner === "stage-image" ? `RUN ${mounts} sh -c '${script}'` : `RUN ${mounts} ["/bin/busybox", "sh", "-c", ${JSON.stringify(script)}]`;
}

/** tar and mkdir: the tools have no applet links, and no /etc/passwd, so owners go by number. */
function commands(runner: CopyRunner): { tar: string; mkdir: string } {
  return runner === "stage-image" ? { tar: "tar", mkdir: "mkdir" } : { tar: "/bin/busybox tar --numeric-owner", mkdir: "/bin/busybox mkdir" };
}

/** Unpacks the restored archives (the named context `restored`) into the builder's cache mounts. */
export function injectDockerfile(mounts: readonly FoundMount[], runner: CopyRunner = "stage-image"): string {
  return stagePerMount(mounts, runner,
    (m, i, archive) => runLine(runner, `${cacheMount(m)} --mount=type=bind,from=restored,source=${archive},target=/rbk-restored.tar`,
      `${commands(runner).tar} -xf /rbk-restored.tar -C "${m.target}" && echo "$RBK_STAMP" > /rbk-done-${i}`),
    (i) => `COPY --from=mount${i} /rbk-done-${i} /`);
}

/** Packs each cache mount into its archive, to export them with `--output type=local`. */
export function extractDockerfile(mounts: readonly FoundMount[], runner: CopyRunner = "stage-image"): string {
  return stagePerMount(mounts, runner,
    (m, _i, archive) => runLine(runner, cacheMount(m), `${commands(runner).mkdir} -p /rbk-out && ${commands(runner).tar} -cf "/rbk-out/${archive}" -C "${m.target}" . && echo "$RBK_STAMP" > /dev/null`),
    (i) => `COPY --from=mount${i} /rbk-out/ /`);
}

/** The distinct images the mounts' stages run on, each once, in order; none for scratch or an unknown image. */
export function stageBases(mounts: readonly FoundMount[]): string[] {
  return [...new Set(mounts.map((m) => m.base).filter((base) => base !== "" && base.toLowerCase() !== "scratch"))];
}

/**
 * Pulls and unpacks each distinct image of the mounts' stages into the builder, for the user's build
 * to find there: a RUN on each (the image's own /bin/sh, which these stages have) is what makes
 * BuildKit unpack it, not just resolve it. Undefined when there is no image to pull.
 */
export function prepullDockerfile(mounts: readonly FoundMount[]): string | undefined {
  const bases = stageBases(mounts);
  if (bases.length === 0) return undefined;
  const one = bases.map((base) => mounts.find((m) => m.base === base)).filter((m): m is FoundMount => m !== undefined);
  return stagePerMount(one, "stage-image", (_m, i) => `RUN echo "$RBK_STAMP" > /rbk-pulled-${i}`, (i) => `COPY --from=mount${i} /rbk-pulled-${i} /`);
}
