import "reflect-metadata";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { loadAuthority } from "../../src/cli/authority.js";
import { issueLeaf } from "../../src/cli/issue.js";
import { diagnose } from "../../src/tls/diagnose.js";
import { probeTls } from "../../src/tls/probe.js";
import { fixtureContext } from "../bed/fixture.js";
import { freePort, waitFor } from "../bed/ports.js";
import { startService, type Service } from "../bed/processes.js";
import { manifestDigest, startRegistry, type Registry } from "../bed/registry.js";
import { REPO, nodeBinaries, runAction, visibleOutput } from "../bed/runner.js";
import { assertNoLeak } from "./leaks.js";

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;

/** Runs the bundled command as users do: node dist/cli.js certs ... */
function cli(node: string, cwd: string, args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(node, [join(REPO, "dist", "cli.js"), ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The three values the command printed for CI, as a user copies them into secrets. */
function printedValues(output: string): { "ca-cert": string; "client-cert": string; "client-key": string } {
  const lines = output.split("\n");
  const value = (name: string): string => {
    const at = lines.findIndex((l) => l.startsWith(`${name}  (`));
    assert.notEqual(at, -1, `${name} is not printed`);
    return lines[at + 1] ?? "";
  };
  return { "ca-cert": value("BUILDKIT_CA"), "client-cert": value("BUILDKIT_CERT"), "client-key": value("BUILDKIT_KEY") };
}

/**
 * deploy/single-host/buildkitd.service's ExecStart, moved into dir: its paths under /etc, /var
 * and /run, and its port. Each move must apply, so a changed unit fails here rather than being
 * tested half.
 */
async function unitCommand(dir: string, port: number): Promise<string[]> {
  const unit = await readFile(join(REPO, "deploy", "single-host", "buildkitd.service"), "utf8");
  let line = /^ExecStart=((?:.*\\\n)*.*)$/m.exec(unit)?.[1]?.replace(/\\\n/g, " ") ?? "";
  const moves: Array<[string, string]> = [
    ["/usr/local/bin/buildkitd ", "buildkitd "],
    ["/etc/buildkit/", `${dir}/etc/buildkit/`],
    ["/var/lib/buildkit", `${dir}/root`],
    ["unix:///run/buildkit/", `unix://${dir}/run/`],
    ["tcp://0.0.0.0:1234", `tcp://127.0.0.1:${port}`],
  ];
  for (const [from, to] of moves) {
    assert.ok(line.includes(from), `the unit's ExecStart no longer has ${from}`);
    line = line.split(from).join(to);
  }
  return line.trim().split(/\s+/);
}

describe("certificates from remote-buildkit certs, on buildkitd started as the single-host unit starts it", () => {
  let dir: string;
  let registry: Registry;
  let daemon: Service;
  let endpoint: string;
  let socket: string;
  let init: ReturnType<typeof cli>;
  let node24: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-server-"));
    node24 = nodeBinaries()["node24"] ?? "";
    registry = await startRegistry(join(dir, "registry"));
    init = cli(node24, dir, ["certs", "init", "--host", "localhost", "--host", "127.0.0.1"]);
    assert.equal(init.code, 0, init.stderr);
    const tls = join(dir, "etc", "buildkit", "tls");
    await mkdir(tls, { recursive: true });
    for (const file of ["ca.pem", "server-cert.pem", "server-key.pem"]) await copyFile(join(dir, "buildkit-certs", file), join(tls, file));
    const config = join(dir, "etc", "buildkit", "buildkitd.toml");
    await copyFile(join(REPO, "deploy", "single-host", "buildkitd.toml"), config);
    // The test bed's registry speaks plain HTTP on loopback.
    await appendFile(config, `\n[registry."${registry.host}"]\n  http = true\n  insecure = true\n`);
    await mkdir(join(dir, "run"), { recursive: true });
    const port = await freePort();
    endpoint = `tcp://127.0.0.1:${port}`;
    socket = `unix://${dir}/run/buildkitd.sock`;
    const [command = "", ...args] = await unitCommand(dir, port);
    daemon = startService(command, args, join(dir, "buildkitd.log"));
    await waitFor("buildkitd", async () => {
      if (daemon.child.exitCode !== null) throw new Error("buildkitd exited; see its log");
      await run("buildctl", ["--addr", socket, "debug", "workers"], { timeout: 5000 });
      return true;
    }, 60_000);
  });
  after(async () => {
    await daemon?.stop();
    await registry?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("the bundle is an executable command, and names a wrong option with its fix", () => {
    const bundle = spawnSync("head", ["-n", "1", join(REPO, "dist", "cli.js")], { encoding: "utf8" });
    assert.equal(bundle.stdout, "#!/usr/bin/env node\n");
    const wrong = cli(process.execPath, dir, ["certs", "init", "--hots", "x"]);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stdout, "");
    assert.equal(wrong.stderr, "remote-buildkit: --hots: is not an option of certs init. Fix: did you mean --host? The options are --host, --out, --name, --days, --ca-days, --force (remote-buildkit certs init --help)\n");
  });

  it("accepts the action with the values certs init printed: it builds and pushes, and no secret leaks", async () => {
    const values = printedValues(init.stdout);
    const context = await fixtureContext(join(dir, "context"));
    const tag = `${registry.host}/server-kit/app:latest`;
    const action = await runAction({ inputs: { endpoint, ...values, context, tags: tag, push: "true", secrets: "token=server-kit" } });
    assert.equal(action.main.code, 0, visibleOutput(action.main.output));
    assert.equal(action.post.code, 0, visibleOutput(action.post.output));
    assert.doesNotMatch(action.main.output, /SECURITY/);
    assert.equal(action.outputs["digest"], await manifestDigest(registry.host, "server-kit/app", "latest"));
    const pem = (name: string): Promise<string> => readFile(join(dir, "buildkit-certs", name), "utf8");
    assertNoLeak(action, [await pem("ca.pem"), await pem("client-cert.pem"), await pem("client-key.pem")]);
  });

  it("accepts a client that certs client issued later from the same CA, with no change to the daemon", async () => {
    const second = cli(process.execPath, dir, ["certs", "client", "--name", "second"]);
    assert.equal(second.code, 0, second.stderr);
    const values = printedValues(second.stdout);
    const decoded = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");
    const result = await probeTls({ host: "127.0.0.1", port: Number(endpoint.split(":").at(-1)), serverName: "localhost",
      ca: decoded(values["ca-cert"]), cert: decoded(values["client-cert"]), key: decoded(values["client-key"]), timeoutMs: 5000 }, () => new Date());
    assert.equal(result.ok, true);
  });

  it("refuses a client certificate from another CA made by the same command", async () => {
    const otherDir = join(dir, "other");
    await mkdir(otherDir);
    const other = cli(process.execPath, otherDir, ["certs", "init", "--host", "localhost"]);
    assert.equal(other.code, 0, other.stderr);
    const ours = printedValues(init.stdout);
    const theirs = printedValues(other.stdout);
    // ca-cert holds both CAs, so that this runner's own check passes and the daemon decides.
    const bothCas = Buffer.concat([Buffer.from(ours["ca-cert"], "base64"), Buffer.from(theirs["ca-cert"], "base64")]).toString("base64");
    const action = await runAction({ inputs: { endpoint, "ca-cert": bothCas, "client-cert": theirs["client-cert"], "client-key": theirs["client-key"] } });
    assert.equal(action.main.code, 1);
    assert.match(action.main.output, /::error::.*the daemon rejected this runner's client certificate: it does not trust the CA that issued it/);
  });

  it("refuses an expired client certificate from its own CA", async () => {
    const certs = join(dir, "buildkit-certs");
    const caPem = await readFile(join(certs, "ca.pem"), "utf8");
    const authority = await loadAuthority(caPem, await readFile(join(certs, "ca-key.pem"), "utf8"),
      { certOption: "--ca-cert", certPath: "ca.pem", keyOption: "--ca-key", keyPath: "ca-key.pem" }, new Date());
    const now = Date.now();
    const expired = await issueLeaf(authority, { usage: "client", commonName: "expired" }, { notBefore: new Date(now - 10 * DAY), notAfter: new Date(now - DAY) });
    const port = Number(endpoint.split(":").at(-1));
    const result = await probeTls({ host: "127.0.0.1", port, serverName: "", ca: caPem, cert: expired.certPem, key: expired.keyPem, timeoutMs: 5000 }, () => new Date());
    assert.equal(result.ok, false);
    if (!result.ok) assert.equal(diagnose(result, { endpoint, serverName: "", timeoutMs: 5000 }).reason, "client-expired");
  });

  it("runs the shipped garbage-collection rules, and their filters spare the cache mounts until the last rule", async () => {
    const { stdout } = await run("buildctl", ["--addr", socket, "debug", "workers", "--format", "{{json .}}"]);
    const workers: unknown = JSON.parse(stdout);
    assert.ok(Array.isArray(workers) && workers.length === 1);
    const policy: unknown = (workers[0] as { gcPolicy?: unknown }).gcPolicy;
    assert.ok(Array.isArray(policy));
    const rules = policy.map((r: { all?: boolean; filter?: string[] | null; keepDuration?: number; maxUsedSpace?: number }) => ({
      all: r.all ?? false, filter: r.filter ?? [], keepHours: (r.keepDuration ?? 0) / 3.6e12, maxUsedSpace: r.maxUsedSpace ?? 0,
    }));
    assert.deepEqual(rules.map(({ all, filter, keepHours }) => ({ all, filter, keepHours })), [
      { all: false, filter: ["type==source.local", "type==source.git.checkout"], keepHours: 48 },
      { all: false, filter: ["type==exec.cachemount"], keepHours: 720 },
      { all: false, filter: ["type!=exec.cachemount"], keepHours: 0 },
      { all: true, filter: [], keepHours: 0 },
    ]);
    assert.ok((rules[2]?.maxUsedSpace ?? 0) > 0 && (rules[2]?.maxUsedSpace ?? 0) < (rules[3]?.maxUsedSpace ?? 0), "60% must come out below 80%");

    // The build above left a cache mount; pruning with rule 3's filter must leave it.
    const cacheMounts = async (): Promise<number> => {
      const du = await run("buildctl", ["--addr", socket, "du", "--filter", "type==exec.cachemount", "--format", "{{json .}}"]);
      const records: unknown = JSON.parse(du.stdout || "[]");
      return Array.isArray(records) ? records.length : 0;
    };
    assert.ok(await cacheMounts() > 0, "the build left no cache mount");
    await run("buildctl", ["--addr", socket, "prune", "--filter", "type!=exec.cachemount"]);
    assert.ok(await cacheMounts() > 0, "rule 3's filter pruned a cache mount");
    await run("buildctl", ["--addr", socket, "prune", "--filter", "type==exec.cachemount"]);
    assert.equal(await cacheMounts(), 0, "rule 2's filter did not reach the cache mount");
  });
});
