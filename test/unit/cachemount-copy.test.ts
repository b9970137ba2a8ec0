import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { extractDockerfile, injectDockerfile } from "../../src/cachemounts/dockerfiles.js";
import { elfNeeds } from "../../src/cachemounts/elf.js";
import { copyStepLabel } from "../../src/summary/mounts.js";
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
