import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { extractDockerfile, injectDockerfile, prepullDockerfile, stageBases } from "../../src/cachemounts/dockerfiles.js";
import { elfNeeds } from "../../src/cachemounts/elf.js";
import { copyStepLabel, prepullLine } from "../../src/summary/mounts.js";
import type { StepReport } from "../../src/progress/analysis.js";
import { builderContainer } from "../../src/cachemounts/tools.js";

const mount = { id: "gobuild", target: "/root/.cache/go-build", base: "127.0.0.1:5000/bench/golang:1.26", ownership: ",uid=1000,gid=1000,mode=0750" };

describe("copying cache mounts with the builder's own busybox", () => {
  it("runs on the tools stage, never on the stage's image, keeping the mount's owner and mode", () => {
    for (const dockerfile of [injectDockerfile([mount], "tools"), extractDockerfile([mount], "tools")]) {
      assert.doesNotMatch(dockerfile, /golang/, "the stage's image is not pulled");
      assert.match(dockerfile, /^FROM scratch AS rbk-tools\nCOPY --from=tools \/ \/$/m);
      assert.match(dockerfile, /^FROM rbk-tools AS mount0$/m);
      assert.match(dockerfile, /--mount=type=cache,id=gobuild,target=\/root\/\.cache\/go-build,uid=1000,gid=1000,mode=0750 /);
      assert.match(dockerfile, /\["\/bin\/busybox", "sh", "-c", ".*\/bin\/busybox tar --numeric-owner -[xc]f /);
    }
    assert.match(injectDockerfile([mount], "tools"), /tar --numeric-owner -xf \/rbk-restored\.tar -C \\"\/root\/\.cache\/go-build\\"/);
  });

  it("names the copy's steps the same either way", () => {
    const runLine = (dockerfile: string): string => `[mount0 2/2] RUN ${dockerfile.split("\n").find((l) => l.startsWith("RUN "))?.slice(4) ?? ""}`;
    assert.equal(copyStepLabel(runLine(injectDockerfile([mount], "tools"))), "unpacking into /root/.cache/go-build");
    assert.equal(copyStepLabel(runLine(extractDockerfile([mount], "tools"))), "packing /root/.cache/go-build");
  });

  it("reads a program's loader and libraries from its ELF header", () => {
    assert.deepEqual(elfNeeds(readFileSync("/bin/busybox")), { interpreter: "", needed: [] }, "Debian's busybox-static");
    const runc = elfNeeds(readFileSync("/usr/sbin/runc"));
    assert.equal(runc?.interpreter, "/lib64/ld-linux-x86-64.so.2");
    assert.ok(runc?.needed.includes("libc.so.6"), JSON.stringify(runc));
    assert.equal(elfNeeds(Buffer.from("#!/bin/sh\necho not an ELF program\n".padEnd(80))), undefined);
  });

  it("knows the docker-container driver's container name", () => {
    assert.equal(builderContainer("remote-buildkit-fallback-0a1b2c3d"), "buildx_buildkit_remote-buildkit-fallback-0a1b2c3d0");
  });
});

describe("pulling the stages' images alongside the restore", () => {
  const go = "127.0.0.1:5000/bench/golang:1.26";
  const mounts = [
    { id: "gomod", target: "/go/pkg/mod", base: go, ownership: "" },
    { id: "gobuild", target: "/root/.cache/go-build", base: go, ownership: ",uid=1000" },
    { id: "apt", target: "/var/cache/apt", base: "debian:bookworm", ownership: "" },
    { id: "none", target: "/cache", base: "", ownership: "" },
    { id: "scratch", target: "/s", base: "scratch", ownership: "" },
  ];

  it("pulls each distinct image once, and no scratch", () => {
    assert.deepEqual(stageBases(mounts), [go, "debian:bookworm"]);
    const dockerfile = prepullDockerfile(mounts) ?? "";
    assert.equal(dockerfile, [
      "ARG RBK_STAMP",
      `FROM ${go} AS mount0`, "ARG RBK_STAMP", "RUN echo \"$RBK_STAMP\" > /rbk-pulled-0",
      "FROM debian:bookworm AS mount1", "ARG RBK_STAMP", "RUN echo \"$RBK_STAMP\" > /rbk-pulled-1",
      "FROM scratch", "COPY --from=mount0 /rbk-pulled-0 /", "COPY --from=mount1 /rbk-pulled-1 /", "",
    ].join("\n"));
    assert.doesNotMatch(dockerfile, /--mount|FROM scratch AS|busybox/, "it runs on the images' own shell and touches no cache mount");
  });

  it("pulls nothing when the stages run on no image", () => {
    assert.equal(prepullDockerfile(mounts.slice(3)), undefined);
    assert.deepEqual(stageBases([]), []);
  });

  it("says how long the pull took, and how long the build waited for it after the restore", () => {
    const step = (name: string, durationMs: number): StepReport => ({ name, stage: "", startMs: 0, durationMs, cached: false, error: "", phase: "solve", critical: false });
    const steps = [step(`[mount0 1/2] FROM ${go}@sha256:486171f7a99e`, 17_400), step("[mount0 2/2] RUN echo \"$RBK_STAMP\" > /rbk-pulled-0", 300)];
    assert.equal(prepullLine({ bases: [go], ok: true, ms: 18_250, steps }, 20_100),
      `Pulled ${go} into the builder for the build's stages in 18.3 s, alongside the restore (20.1 s) (slowest: pulling ${go} 17.4 s, a shell on it 0.3 s)`);
    assert.equal(prepullLine({ bases: [go, "debian:bookworm"], ok: true, ms: 25_000, steps: [] }, 20_000),
      `Pulled ${go}, debian:bookworm into the builder for the build's stages in 25.0 s, alongside the restore (20.0 s, then 5.0 s more)`);
    assert.equal(prepullLine({ bases: [go], ok: false, skipped: true, why: "the build is for several platforms (linux/amd64, linux/arm64)" }, 3_000),
      `Not pulling ${go} ahead of the build: the build is for several platforms (linux/amd64, linux/arm64)`);
    assert.equal(prepullLine({ bases: [go], ok: false, skipped: false, why: "pulling the stages' images failed: 401 Unauthorized" }, 3_000),
      `Could not pull ${go} ahead of the build, so the build pulls it: pulling the stages' images failed: 401 Unauthorized`);
  });
});
