import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { streamInDockerfile, streamOutDockerfile } from "../../src/cachemounts/dockerfiles.js";
import { listensOn } from "../../src/cachemounts/loopback.js";
import { streamPorts } from "../../src/cachemounts/stream.js";
import { runCommand } from "../../src/process/spawn.js";
import { copyStepLabel } from "../../src/summary/mounts.js";

const mount = { id: "gomod", target: "/go/pkg/mod", base: "golang:1.26", ownership: ",uid=1000" };
const env = { PATH: process.env["PATH"] ?? "" };

/** The shell script of a copy Dockerfile's RUN line, with the paths it uses inside the build moved into dir. */
function script(dockerfile: string, dir: string, target: string): string {
  const line = dockerfile.split("\n").find((l) => l.startsWith("RUN ")) ?? "";
  const argv: unknown = JSON.parse(line.slice(line.indexOf("[")));
  const text = Array.isArray(argv) && typeof argv[3] === "string" ? argv[3] : "";
  return text.replaceAll(mount.target, target).replaceAll("/rbk-token", join(dir, "token")).replaceAll("/rbk-hold", join(dir, "hold"))
    .replaceAll("/rbk-size-", join(dir, "size-")).replaceAll("/rbk-sent", join(dir, "sent"));
}

/** Runs a script with busybox sh in the background; resolves with its exit code. */
function background(text: string): Promise<number | null> {
  const child = spawn("/bin/busybox", ["sh", "-c", text], { env: { ...env, RBK_STAMP: "s" }, stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", resolve));
}

/** Sends data to a port on the loopback with busybox nc, trying again until something listens (a listener that hangs up is no reason to). */
async function send(port: number, data: Buffer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const result = await runCommand("/bin/busybox", ["nc", "127.0.0.1", String(port)], { env, stdin: Readable.from([data]) });
    if (!/refused/.test(result.stderr)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on ${port}`);
}

describe("streaming cache mounts through the builder's container", () => {
  it("reads which ports listen from /proc/net/tcp and tcp6", () => {
    const table = [
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
      "   0: 0100007F:7531 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",
      "   1: 0100007F:9C40 0100007F:8F2E 01 00000000:00000000 00:00000000 00000000     0        0 2 1",
      "   0: 00000000000000000000000000000000:4E21 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 3 1",
    ].join("\n");
    assert.equal(listensOn(table, 30001), true, "0x7531");
    assert.equal(listensOn(table, 20001), true, "0x4E21, IPv6");
    assert.equal(listensOn(table, 40000), false, "0x9C40 is an established connection, not a listener");
    assert.equal(listensOn(table, 753), false);
    assert.equal(listensOn("", 30001), false);
  });

  it("picks distinct ports below the ephemeral range", () => {
    const ports = streamPorts(50);
    assert.equal(new Set(ports).size, 50);
    assert.ok(ports.every((p) => p >= 20_000 && p < 32_000), ports.join(" "));
  });

  it("takes the token from a build secret and never names it, and labels its steps as the session's copy", () => {
    const files = [streamInDockerfile([mount], [30001]), streamOutDockerfile([mount], [30001])];
    for (const dockerfile of files) {
      assert.match(dockerfile, /--mount=type=cache,id=gomod,target=\/go\/pkg\/mod,uid=1000 --mount=type=secret,id=rbk-token,target=\/rbk-token /);
      assert.doesNotMatch(dockerfile, /ARG RBK_TOKEN/);
      assert.match(dockerfile, /^FROM rbk-tools AS mount0$/m);
    }
    const name = (dockerfile: string): string => `[mount0 2/2] RUN ${dockerfile.split("\n").find((l) => l.startsWith("RUN "))?.slice(4) ?? ""}`;
    assert.equal(copyStepLabel(name(files[0] ?? "")), "unpacking into /go/pkg/mod");
    assert.equal(copyStepLabel(name(files[1] ?? "")), "packing /go/pkg/mod");
  });

  it("unpacks what comes after the right token, and nothing after a wrong one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rbk-stream-in-"));
    try {
      mkdirSync(join(dir, "src", "sub"), { recursive: true });
      writeFileSync(join(dir, "src", "sub", "file"), "from the cache");
      const archive = execFileSync("tar", ["-cf", "-", "-C", join(dir, "src"), "."]);
      writeFileSync(join(dir, "token"), "right");
      for (const [token, unpacked] of [["wrong", false], ["right", true]] as const) {
        rmSync(join(dir, "hold"), { force: true });
        const target = join(dir, `mount-${token}`);
        mkdirSync(target);
        const [port = 0] = streamPorts(1);
        const running = background(script(streamInDockerfile([mount], [port]), dir, target));
        await send(port, Buffer.concat([Buffer.from(`${token}\n`), archive]));
        const code = await running;
        assert.equal(code === 0, unpacked, `token ${token}: exit ${code}`);
        assert.deepEqual(readdirSync(target), unpacked ? ["sub"] : []);
      }
      assert.equal(readFileSync(join(dir, "mount-right", "sub", "file"), "utf8"), "from the cache");
      assert.match(readFileSync(join(dir, "size-0"), "utf8"), /^\d+\s/, "the mount's disk use as restored");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sends the token, then the whole mount, to the runner's listener", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rbk-stream-out-"));
    try {
      const target = join(dir, "mount");
      mkdirSync(target);
      // Large enough that an early end of the connection would show as a short archive.
      writeFileSync(join(target, "big"), Buffer.alloc(8 << 20, 7));
      writeFileSync(join(dir, "token"), "t0ken");
      const [port = 0] = streamPorts(1);
      // The listener's input stays open, as the runner's does: busybox nc ends the connection when its input ends.
      const listener = spawn("/bin/busybox", ["sh", "-c", `sleep 60 | /bin/busybox nc -l -p ${port} > ${join(dir, "got")}`], { env, stdio: "ignore", detached: true });
      const heard = new Promise((resolve) => listener.once("exit", resolve));
      try {
        assert.equal(await background(script(streamOutDockerfile([mount], [port]), dir, target)), 0);
        await Promise.race([heard, new Promise((r) => setTimeout(r, 5_000))]);
      } finally {
        try {
          process.kill(-(listener.pid ?? 0), "SIGKILL");
        } catch {
          // Already gone.
        }
      }
      const got = readFileSync(join(dir, "got"));
      assert.equal(got.subarray(0, 6).toString(), "t0ken\n");
      writeFileSync(join(dir, "got.tar"), got.subarray(6));
      assert.deepEqual(execFileSync("tar", ["-tf", join(dir, "got.tar")], { encoding: "utf8" }).trim().split("\n").sort(), ["./", "./big"]);
      assert.equal(readFileSync(join(dir, "sent"), "utf8"), "s\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives a command its input, and minds no command that stops reading it", async () => {
    const echoed = await runCommand("cat", [], { env, stdin: Readable.from([Buffer.from("through stdin")]) });
    assert.equal(echoed.stdout, "through stdin");
    const stopped = await runCommand("true", [], { env, stdin: Readable.from([Buffer.alloc(16 << 20)]) });
    assert.equal(stopped.code, 0);
  });
});
