import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { streamInDockerfile, streamOutDockerfile } from "../../src/cachemounts/dockerfiles.js";
import { listensOn } from "../../src/cachemounts/loopback.js";
import { receiveIntoMount, receiverScript, sendMount, shQuote } from "../../src/cachemounts/stream-scripts.js";
import { streamPorts } from "../../src/cachemounts/stream.js";
import { runCommand } from "../../src/process/spawn.js";
import { copyStepLabel } from "../../src/summary/mounts.js";
import { imageBusybox } from "../bed/docker.js";

const mount = { id: "gomod", target: "/go/pkg/mod", base: "golang:1.26", ownership: ",uid=1000" };
const env = { PATH: process.env["PATH"] ?? "" };

/**
 * Both kinds of busybox nc: Debian's (the small one: it ends a connection when the other side
 * does) and one built as Alpine's for moby/buildkit (netcat 1.10's: it keeps a connection while its
 * own input is open). The scripts must work, and end, with each.
 */
const BUSYBOXES = [["Debian's busybox", "/bin/busybox"], ["busybox with netcat 1.10's nc, as in moby/buildkit", imageBusybox()]] as const;

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  /** Killed by the test after 20 s. */
  readonly hung: boolean;
}

/** Runs a script with the given busybox's sh, its /bin/busybox calls going to that busybox; settles when it exits or after 20 s (it hung). */
function run(busybox: string, script: string, extraEnv: Record<string, string> = {}): { readonly exited: Promise<Run>; readonly pid: number } {
  const child = spawn(busybox, ["sh", "-c", script.replaceAll("/bin/busybox", busybox)], { env: { ...env, RBK_STAMP: "s", ...extraEnv }, stdio: ["ignore", "ignore", "pipe"], detached: true });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Run>((resolve) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid ?? 0), "SIGKILL");
      resolve({ code: null, stderr: `${stderr}(hung: killed after 20 s)`, hung: true });
    }, 20_000);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, hung: false });
    });
  });
  return { exited, pid: child.pid ?? 0 };
}

/** Sends data with the busybox's nc, as the runner's `docker exec ... nc` does, trying again while nothing listens. */
async function send(busybox: string, port: number, data: Buffer): Promise<number | null> {
  for (let i = 0; i < 100; i++) {
    const result = await runCommand(busybox, ["nc", "127.0.0.1", String(port)], { env, stdin: Readable.from([data]), timeoutMs: 20_000 });
    if (!/refused/.test(result.stderr)) return result.code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on ${port}`);
}

async function listeningOn(port: number): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (listensOn(`${readFileSync("/proc/net/tcp", "utf8")}${existsSync("/proc/net/tcp6") ? readFileSync("/proc/net/tcp6", "utf8") : ""}`, port)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** A mount's contents and its tar, in a fresh directory. */
function fixture(prefix: string): { readonly dir: string; readonly src: string; readonly archive: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const src = join(dir, "src");
  mkdirSync(join(src, "sub"), { recursive: true });
  writeFileSync(join(src, "sub", "file"), "from the cache");
  // Large enough that a connection ended early would show as a short archive.
  writeFileSync(join(src, "big"), Buffer.alloc(8 << 20, 7));
  writeFileSync(join(dir, "token"), "right");
  return { dir, src, archive: execFileSync("tar", ["-cf", "-", "-C", src, "."], { maxBuffer: 64 << 20 }) };
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

  it("takes the token from a build secret, quotes paths for sh, and labels its steps as the session's copy", () => {
    const files = [streamInDockerfile([mount], [30001]), streamOutDockerfile([mount], [30001])];
    for (const dockerfile of files) {
      assert.match(dockerfile, /--mount=type=cache,id=gomod,target=\/go\/pkg\/mod,uid=1000 --mount=type=secret,id=rbk-token,target=\/rbk-token /);
      assert.doesNotMatch(dockerfile, /RBK_TOKEN/, "the token is no build argument");
      assert.match(dockerfile, /^FROM rbk-tools AS mount0$/m);
    }
    const name = (dockerfile: string): string => `[mount0 2/2] RUN ${dockerfile.split("\n").find((l) => l.startsWith("RUN "))?.slice(4) ?? ""}`;
    assert.equal(copyStepLabel(name(files[0] ?? "")), "unpacking into /go/pkg/mod");
    assert.equal(copyStepLabel(name(files[1] ?? "")), "packing /go/pkg/mod");
    assert.throws(() => streamInDockerfile([mount, { ...mount, id: "b" }], [30001]), /1 ports for 2 mounts/);
    assert.equal(execFileSync("/bin/busybox", ["sh", "-c", `printf %s ${shQuote("it's $HOME")}`], { encoding: "utf8" }), "it's $HOME");
  });

  it("has both kinds of busybox to run the scripts with", () => {
    for (const [kind, busybox] of BUSYBOXES) assert.ok(existsSync(busybox), `no ${kind} at ${busybox}: run scripts/testbed-install.sh`);
  });

  for (const [kind, busybox] of BUSYBOXES) {
    it(`copies in with ${kind}: unpacks what comes after the right token and ends; nothing after a wrong one`, async () => {
      const { dir, archive } = fixture("rbk-stream-in-");
      try {
        for (const [token, unpacked] of [["wrong", false], ["right", true]] as const) {
          const target = join(dir, `mount-${token}`);
          mkdirSync(target);
          const [port = 0] = streamPorts(1);
          const receiving = run(busybox, receiveIntoMount(port, target, join(dir, "token"), 10));
          const sent = await send(busybox, port, Buffer.concat([Buffer.from(`${token}\n`), archive]));
          const { code, stderr } = await receiving.exited;
          assert.equal(code === 0, unpacked, `token ${token}: exit ${code}: ${stderr}`);
          if (unpacked) assert.equal(sent, 0, "the sender's nc ended well, all of it taken");
          assert.deepEqual(readdirSync(target).sort(), unpacked ? ["big", "sub"] : []);
        }
        assert.equal(readFileSync(join(dir, "mount-right", "sub", "file"), "utf8"), "from the cache");
        assert.equal(readFileSync(join(dir, "mount-right", "big")).length, 8 << 20);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`copies out with ${kind}: the listener writes the whole mount once, ignores a stranger, and keeps the port`, async () => {
      const { dir, src } = fixture("rbk-stream-out-");
      const file = join(dir, "got.tar");
      const pidFile = join(dir, "pid");
      const [port = 0] = streamPorts(1);
      const receiver = run(busybox, receiverScript(port, file, pidFile, 30), { RBK_TOKEN: "right" });
      try {
        assert.ok(await listeningOn(port), "the listener listens");
        await send(busybox, port, Buffer.from("wrong\nstranger's data\n"));
        assert.ok(!existsSync(file) && !existsSync(`${file}.part`), "nothing written for a stranger");
        const sender = await run(busybox, sendMount(port, src, join(dir, "token"))).exited;
        assert.equal(sender.code, 0, sender.stderr);
        for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
        assert.deepEqual(execFileSync("tar", ["-tf", file], { encoding: "utf8" }).trim().split("\n").sort(), ["./", "./big", "./sub/", "./sub/file"]);
        assert.ok(await listeningOn(port), "still listening, so no one else can take the port");
      } finally {
        try {
          process.kill(Number.parseInt(readFileSync(pidFile, "utf8"), 10), "SIGTERM");
        } catch {
          // Gone already, or never started: the assertions above say which.
        }
        assert.equal((await receiver.exited).hung, false, "the listener ends when killed by its pid file");
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("gives a command its input, and minds no command that stops reading it", async () => {
    const echoed = await runCommand("cat", [], { env, stdin: Readable.from([Buffer.from("through stdin")]) });
    assert.equal(echoed.stdout, "through stdin");
    const stopped = await runCommand("true", [], { env, stdin: Readable.from([Buffer.alloc(16 << 20)]) });
    assert.equal(stopped.code, 0);
  });
});
