import { mountArchiveName, type FoundMount } from "./scan.js";
import { receiveIntoMount, sendMount } from "./stream-scripts.js";

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

/** tar, mkdir, rm and du: the tools have no applet links, and no /etc/passwd, so owners go by number. */
function commands(runner: CopyRunner): { tar: string; mkdir: string; rm: string; du: string } {
  return runner === "stage-image" ? { tar: "tar", mkdir: "mkdir", rm: "rm", du: "du" }
    : { tar: "/bin/busybox tar --numeric-owner", mkdir: "/bin/busybox mkdir", rm: "/bin/busybox rm", du: "/bin/busybox du" };
}

/** The file each stage leaves with its mount's disk use (`du -sk`), for `--output type=local`. */
export function sizeFile(i: number): string {
  return `rbk-size-${i}`;
}

/** Writes sizeFile; empty, not a failure, in a stage image without du: the mount then counts as not measured. */
function measure(du: string, target: string, i: number): string {
  return `{ ${du} -sk "${target}" 2>/dev/null || true; } > /${sizeFile(i)}`;
}

/**
 * Unpacks the restored archives (the named context `restored`) into the builder's cache mounts;
 * with `clear`, each mount is emptied first (the shell's globs name every entry, dot files too).
 * Each stage leaves the mount's disk use as restored (sizeFile), to tell later how much the build added.
 */
export function injectDockerfile(mounts: readonly FoundMount[], runner: CopyRunner = "stage-image", clear = false): string {
  const { tar, rm, du } = commands(runner);
  return stagePerMount(mounts, runner,
    (m, i, archive) => runLine(runner, `${cacheMount(m)} --mount=type=bind,from=restored,source=${archive},target=/rbk-restored.tar`,
      `${clear ? `cd "${m.target}" && ${rm} -rf ./* ./.[!.]* ./..?* && ` : ""}${tar} -xf /rbk-restored.tar -C "${m.target}" && echo "$RBK_STAMP" > /dev/null && ${measure(du, m.target, i)}`),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`);
}

/** The build secret that carries the one-time token of a streamed copy (stream.ts): no build argument, so no log shows it. */
export const TOKEN_SECRET = "rbk-token";

const TOKEN_FILE = "/rbk-token";
const TOKEN_MOUNT = `--mount=type=secret,id=${TOKEN_SECRET},target=${TOKEN_FILE}`;

/**
 * How long a copy's RUN waits for the runner to connect (seconds) before it fails and the session
 * takes over: the runner tries every 0.2 s from the build's start, so this is only reached when its
 * connections cannot arrive (a buildkitd whose RUN steps have a network of their own).
 */
const ACCEPT_WAIT_S = 20;

function checkPorts(mounts: readonly FoundMount[], ports: readonly number[]): void {
  if (ports.length !== mounts.length) throw new Error(`${ports.length} ports for ${mounts.length} mounts`);
}

/**
 * injectDockerfile's streamed form (stream.ts), with the tools only: each stage listens on its
 * port of the BuildKit container's loopback, which its RUN steps share, and unpacks what comes
 * after the token (receiveIntoMount); a token that does not match fails the copy before anything
 * is unpacked.
 */
export function streamInDockerfile(mounts: readonly FoundMount[], ports: readonly number[], clear = false): string {
  checkPorts(mounts, ports);
  const { rm, du } = commands("tools");
  return stagePerMount(mounts, "tools",
    (m, i) => runLine("tools", `${cacheMount(m)} ${TOKEN_MOUNT}`,
      `${clear ? `cd "${m.target}" && ${rm} -rf ./* ./.[!.]* ./..?* && ` : ""}${receiveIntoMount(ports[i] ?? 0, m.target, TOKEN_FILE, ACCEPT_WAIT_S)} && echo "$RBK_STAMP" > /dev/null && ${measure(du, m.target, i)}`),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`);
}

/**
 * extractDockerfile's streamed form: each stage sends the token, then its mount as a tar, to the
 * runner's listener on its port of the container's loopback, started and seen listening before the
 * build (sendMount). One try: a listener that is gone is no one to send the mount to.
 */
export function streamOutDockerfile(mounts: readonly FoundMount[], ports: readonly number[]): string {
  checkPorts(mounts, ports);
  return stagePerMount(mounts, "tools",
    (m, i) => runLine("tools", `${cacheMount(m)} ${TOKEN_MOUNT}`, `${sendMount(ports[i] ?? 0, m.target, TOKEN_FILE)} && echo "$RBK_STAMP" > /rbk-sent`),
    (i) => `COPY --from=mount${i} /rbk-sent /rbk-sent-${i}`);
}

/** Each cache mount's disk use now (sizeFile), to compare with what was restored. */
export function measureDockerfile(mounts: readonly FoundMount[], runner: CopyRunner = "stage-image"): string {
  return stagePerMount(mounts, runner,
    (m, i) => runLine(runner, cacheMount(m), `echo "$RBK_STAMP" > /dev/null && ${measure(commands(runner).du, m.target, i)}`),
    (i) => `COPY --from=mount${i} /${sizeFile(i)} /`);
}

/** Packs each cache mount into its archive, to export them with `--output type=local`. */
export function extractDockerfile(mounts: readonly FoundMount[], runner: CopyRunner = "stage-image"): string {
  return stagePerMount(mounts, runner,
    (m, _i, archive) => runLine(runner, cacheMount(m), `${commands(runner).mkdir} -p /rbk-out && ${commands(runner).tar} -cf "/rbk-out/${archive}" -C "${m.target}" . && echo "$RBK_STAMP" > /dev/null`),
    (i) => `COPY --from=mount${i} /rbk-out/ /`);
}

/** The distinct images the mounts' stages run on, each once, in order; none for scratch. */
export function stageImages(mounts: readonly FoundMount[]): string[] {
  return [...new Set(mounts.map((m) => m.base).filter((base) => base !== "" && base.toLowerCase() !== "scratch"))];
}

/**
 * Unpacks each image into the builder, for a later build to find there: a RUN on it (the image's
 * own sh, which a stage whose RUN steps use cache mounts has) makes BuildKit unpack its layers,
 * where a FROM alone only resolves it. As root: an image whose USER is another may not write to /.
 */
export function unpackDockerfile(images: readonly string[]): string {
  const lines = ["ARG RBK_STAMP"];
  images.forEach((image, i) => lines.push(`FROM ${image} AS image${i}`, "ARG RBK_STAMP", "USER 0", `RUN echo "$RBK_STAMP" > /rbk-unpacked`));
  lines.push("FROM scratch", ...images.map((_, i) => `COPY --from=image${i} /rbk-unpacked /rbk-unpacked-${i}`));
  return `${lines.join("\n")}\n`;
}
