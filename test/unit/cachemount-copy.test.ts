import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { extractDockerfile, injectDockerfile, stageImages, unpackDockerfile } from "../../src/cachemounts/dockerfiles.js";
import { elfNeeds } from "../../src/cachemounts/elf.js";
import { copyStepLabel } from "../../src/summary/mounts.js";
import { builderContainer } from "../../src/buildx/container.js";

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

  it("unpacks each stage's image once, alongside the copy, with a RUN on it (a FROM only resolves)", () => {
    const images = stageImages([mount, { ...mount, id: "gomod" }, { ...mount, id: "x", base: "scratch" }, { ...mount, id: "y", base: "debian:12" }]);
    assert.deepEqual(images, [mount.base, "debian:12"]);
    const dockerfile = unpackDockerfile(images);
    assert.equal(dockerfile.match(/^RUN /gm)?.length, 2);
    assert.match(dockerfile, new RegExp(`^FROM ${mount.base.replace(/[.]/g, "\\.")} AS image0\nARG RBK_STAMP\nUSER 0\nRUN echo "\\$RBK_STAMP" > /rbk-unpacked$`, "m"));
    assert.match(dockerfile, /^FROM scratch\nCOPY --from=image0 \/rbk-unpacked \/rbk-unpacked-0\nCOPY --from=image1 \/rbk-unpacked \/rbk-unpacked-1\n$/m);
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

describe("emptying a mount before the copy, on a builder of the job's own", () => {
  it("removes every entry, dot files too, then unpacks; only when asked", () => {
    const dir = mkdtempSync(join(tmpdir(), "rbk-clear-"));
    try {
      const target = join(dir, "mount");
      mkdirSync(join(target, "partial", "deep"), { recursive: true });
      for (const name of ["left.deb", ".lock", "..odd", join("partial", "deep", "x")]) writeFileSync(join(target, name), "half written");
      mkdirSync(join(dir, "src"));
      writeFileSync(join(dir, "src", "kept"), "restored");
      execFileSync("tar", ["-cf", join(dir, "restored.tar"), "-C", join(dir, "src"), "."]);
      const script = (clear: boolean): string => {
        const line = injectDockerfile([{ ...mount, target }], "tools", clear).split("\n").find((l) => l.startsWith("RUN ")) ?? "";
        const argv: unknown = JSON.parse(line.slice(line.indexOf("[")));
        const text = Array.isArray(argv) && typeof argv[3] === "string" ? argv[3] : "";
        return text.replaceAll("/rbk-restored.tar", join(dir, "restored.tar")).replaceAll("/rbk-size-", join(dir, "size-"));
      };
      assert.doesNotMatch(script(false), /rm -rf/);
      execFileSync("/bin/busybox", ["sh", "-c", script(true)], { env: { RBK_STAMP: "s" } });
      assert.deepEqual(readdirSync(target).sort(), ["kept"]);
      assert.equal(readFileSync(join(target, "kept"), "utf8"), "restored");
      assert.match(readFileSync(join(dir, "size-0"), "utf8"), new RegExp(`^\\d+\\s+${target}\\n$`), "the mount's disk use as restored, for the save to compare");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
