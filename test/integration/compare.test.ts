import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/** The Dockerfile's last step as BuildKit names it, with V put in. */
const runStep = (v: string): string => `[build 3/3] RUN --mount=type=cache,target=/cache echo "${v}" > /v && cat /a.txt > /copy && date >> /cache/seen`;

/** The summary's comparison with the last build, one line per `<br>`. */
function sinceLast(run: ActionRun): string[] {
  return (/^\| Since the last build \| (.*) \|$/m.exec(run.summary)?.[1] ?? "").split("<br>");
}

describe("each build compared with the project's last one, on a real daemon", () => {
  let bed: Bed;
  let context: string;
  let baseRef: string;
  /** Builds the base image (busybox and a marker file) and pushes it under one tag: a new marker, a new digest. */
  const pushBase = async (marker: string): Promise<void> => {
    const dir = join(bed.dir, "base");
    await mkdir(dir, { recursive: true });
    await cp("/bin/busybox", join(dir, "busybox"));
    await writeFile(join(dir, "marker"), marker);
    await writeFile(join(dir, "Dockerfile"), 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY marker /marker\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\n');
    execFileSync("buildctl", ["--addr", `unix://${bed.daemon.socket}`, "build", "--frontend", "dockerfile.v0", "--local", `context=${dir}`, "--local", `dockerfile=${dir}`,
      "--output", `type=image,name=${baseRef},push=true,registry.insecure=true`], { stdio: "ignore" });
  };
  before(async () => {
    bed = await startBed();
    baseRef = `${bed.registry.host}/base/compare:1`;
    await pushBase("one");
    context = join(bed.dir, "project");
    await mkdir(context, { recursive: true });
    await writeFile(join(context, "Dockerfile"), "ARG BASE\nFROM ${BASE} AS build\nARG V=1\nCOPY a.txt /a.txt\nRUN --mount=type=cache,target=/cache echo \"$V\" > /v && cat /a.txt > /copy && date >> /cache/seen\n");
    await writeFile(join(context, "a.txt"), "first");
    // As on a runner, the context is a Git checkout: the daemon's records name the project by its repository.
    execFileSync("git", ["init", "-q"], { cwd: context });
    execFileSync("git", ["remote", "add", "origin", "https://github.com/acme/compare.git"], { cwd: context });
    execFileSync("git", ["add", "-A"], { cwd: context });
    execFileSync("git", ["-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-qm", "first"], { cwd: context });
  });
  after(async () => bed.stop());
  const build = async (v = "1"): Promise<ActionRun> => {
    const run = await runAction({ inputs: { ...bed.connection(), context, "build-args": `BASE=${baseRef}\nV=${v}`, fallback: "never" }, env: { GITHUB_REPOSITORY: "acme/compare" } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    return run;
  };

  it("says a first build is the first, then names each change's first step and its cause", async () => {
    assert.match(sinceLast(await build())[0] ?? "", /^The first build of this project in the daemon's history/);

    const unchanged = sinceLast(await build());
    assert.match(unchanged[0] ?? "", /the last build of this project \([\d.]+ s → [\d.]+ s, record \w+\)$/);
    assert.equal(unchanged.length, 1, "nothing ran again");

    // Each change comes after a build that took everything from the cache, so that it alone runs steps again.
    await writeFile(join(context, "a.txt"), "second");
    assert.deepEqual(sinceLast(await build()).slice(1), ["ran again: [build 2/3] COPY a.txt /a.txt: the files it copies changed"]);

    await build();
    assert.deepEqual(sinceLast(await build("2")).slice(1), [`ran again: ${runStep("2")}: a build argument changed (V: 1 → 2)`], "the cache mount was there all along: nothing said of it");

    await build("2");
    await pushBase("two");
    const rebased = sinceLast(await build("2"));
    // BuildKit shows the FROM step itself as run or as cached, depending on whether the new base's
    // layers were already there; either way the chain's first step that ran is blamed on the base.
    assert.match(rebased[1] ?? "", /^ran again: \[build [12]\/3\] (FROM|COPY) .*: the base image resolved to a new digest \([0-9a-f]{12} → [0-9a-f]{12}\)$/);
    assert.equal(rebased.length, 2, "the steps after it ran again because of it, and are not named");

    // The daemon's cache mounts removed between two builds, as GC does when they go unused for long.
    await build("2");
    execFileSync("buildctl", ["--addr", `unix://${bed.daemon.socket}`, "prune", "--filter", "type==exec.cachemount"], { stdio: "ignore" });
    assert.deepEqual(sinceLast(await build("3")).slice(1), [
      `ran again: ${runStep("3")}: a build argument changed (V: 2 → 3); its cache mount /cache came back empty (created anew since the last build: the daemon's GC or a prune removed it)`,
    ]);

    execFileSync("buildctl", ["--addr", `unix://${bed.daemon.socket}`, "prune-histories"], { stdio: "ignore" });
    const cleared = await build("3");
    assert.match(sinceLast(cleared)[0] ?? "", /^The first build of this project in the daemon's history \(or its earlier records were removed\)/);
    assert.match(cleared.main.output, /last build: The first build/, "the log says it too");
  });
});
