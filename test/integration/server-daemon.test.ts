import "reflect-metadata";
import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { appendFile, copyFile, mkdir, mkdtemp, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createConnection, createServer, type Server } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { loadAuthority } from "../../src/cli/authority.js";
import { issueLeaf } from "../../src/cli/issue.js";
import { diagnose } from "../../src/tls/diagnose.js";
import { probeTls } from "../../src/tls/probe.js";
import { cli, printedValues, type CliResult } from "../bed/certs-cli.js";
import { fixtureContext } from "../bed/fixture.js";
import { freePort, waitFor } from "../bed/ports.js";
import { startService, type Service } from "../bed/processes.js";
import { hardened } from "../bed/sandbox.js";
import { manifestDigest, startRegistry, type Registry } from "../bed/registry.js";
import { REPO, nodeBinaries, runAction, visibleOutput } from "../bed/runner.js";
import { assertNoLeak } from "./leaks.js";

const run = promisify(execFile);
const DAY = 24 * 60 * 60 * 1000;

/**
 * deploy/single-host/buildkitd.service's ExecStart, moved into dir: its paths under /etc, /var
 * and /run, and its port; run with the unit's hardening (ProtectSystem, ProtectHome, PrivateTmp,
 * ReadWritePaths) applied by hand, since systemd is not PID 1 here. Each move must apply, so a
 * changed unit fails here rather than being tested half. buildkitd is copied to dir/bin, as the
 * recipe installs it to /usr/local/bin: the test bed's copy lives under /root, which the unit hides.
 */
async function unitCommand(dir: string, port: number): Promise<string[]> {
  const unit = await readFile(join(REPO, "deploy", "single-host", "buildkitd.service"), "utf8");
  let line = /^ExecStart=((?:.*\\\n)*.*)$/m.exec(unit)?.[1]?.replace(/\\\n/g, " ") ?? "";
  await mkdir(join(dir, "bin"), { recursive: true });
  await copyFile(await realpath(spawnSync("sh", ["-c", "command -v buildkitd"], { encoding: "utf8" }).stdout.trim()), join(dir, "bin", "buildkitd"));
  const moves: Array<[string, string]> = [
    ["/usr/local/bin/buildkitd ", `${dir}/bin/buildkitd `],
    ["/etc/buildkit/", `${dir}/etc/buildkit/`],
    ["/var/lib/buildkit", `${dir}/root`],
    ["unix:///run/buildkit/", `unix://${dir}/run/`],
    ["tcp://0.0.0.0:1234", `tcp://127.0.0.1:${port}`],
  ];
  for (const [from, to] of moves) {
    assert.ok(line.includes(from), `the unit's ExecStart no longer has ${from}`);
    line = line.split(from).join(to);
  }
  return hardened(unit, moves, line.trim().split(/\s+/));
}

/** The iptables rules deploy/README.md gives for the single host, as argument lists. */
function firewallRules(readme: string): string[][] {
  const rules = [...readme.matchAll(/^sudo iptables (-I .*?)\s*(?:#.*)?$/gm)].map((m) => (m[1] ?? "").split(/\s+/));
  assert.ok(rules.length >= 3, "deploy/README.md shows no firewall rules");
  return rules;
}

/** The rule that deletes an inserted one: -I CHAIN [N] ... becomes -D CHAIN ... */
function deletion(rule: readonly string[]): string[] {
  const [, chain = "", ...rest] = rule;
  return ["-D", chain, ...(/^\d+$/.test(rest[0] ?? "") ? rest.slice(1) : rest)];
}

async function reachedFromHost(port: number): Promise<boolean> {
  const response = await new Promise<string>((resolve) => {
    const socket = createConnection(port, "127.0.0.1");
    let text = "";
    socket.on("data", (chunk) => { text += String(chunk); });
    socket.on("close", () => resolve(text));
    socket.on("error", () => resolve(""));
  });
  return response.includes("reached");
}

/** A TCP server that answers every connection with one line, to see who reaches it. */
async function answering(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.end("HTTP/1.0 200 OK\r\n\r\nreached\n"));
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

describe("certificates from remote-buildkit certs, on buildkitd started as the single-host unit starts it", () => {
  let dir: string;
  let registry: Registry;
  let daemon: Service;
  let endpoint: string;
  let socket: string;
  let init: CliResult;
  let node24: string;

  before(async () => {
    // Not under /tmp, which the unit's PrivateTmp hides from the daemon.
    await mkdir("/var/lib/rbk-tests", { recursive: true });
    dir = await mkdtemp(join("/var/lib/rbk-tests", "server-"));
    node24 = nodeBinaries()["node24"] ?? "";
    registry = await startRegistry(join(dir, "registry"));
    init = cli(node24, dir, ["certs", "init", "--host", "localhost", "--host", "127.0.0.1", "--print-secrets"]);
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
    assert.equal(wrong.stderr, "remote-buildkit: --hots: is not an option of certs init. Fix: did you mean --host? The options are --host, --out, --pool, --name, --days, --ca-days, --print-secrets, --force (remote-buildkit certs init --help)\n");
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
    const second = cli(process.execPath, dir, ["certs", "client", "--name", "second", "--print-secrets"]);
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
    const other = cli(process.execPath, otherDir, ["certs", "init", "--host", "localhost", "--print-secrets"]);
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

  it("runs under the unit's hardening: no home directories, a /tmp of its own, /etc and /usr read-only", async () => {
    const pid = String(daemon.child.pid);
    const marker = join("/tmp", `rbk-host-tmp-${process.pid}`);
    await writeFile(marker, "");
    const inside = (script: string) => spawnSync("nsenter", ["-t", pid, "-m", "--", "sh", "-c", script], { encoding: "utf8" });
    assert.notEqual(inside("ls /root/.cache").status, 0, "the daemon sees /root");
    assert.match(inside("touch /etc/rbk-probe").stderr, /Read-only file system/);
    assert.match(inside("touch /usr/rbk-probe").stderr, /Read-only file system/);
    assert.notEqual(inside(`test -e ${marker}`).status, 0, "the daemon sees the host's /tmp");
    await rm(marker);
    assert.equal(inside(`touch ${join(dir, "root", "rbk-probe")}`).status, 0, "ReadWritePaths is not writable");
  });

  it("runs build steps in a network of their own: the host's loopback is out of reach, its other addresses until the README's firewall rules", async () => {
    // The recipe's claims: a service on the host's loopback is closed to build steps; one on all
    // addresses is reachable through the bridge's gateway (10.10.0.1) until the firewall rules of
    // deploy/README.md close it. The rules touch only traffic from the bridge buildkit0, which
    // this test's daemon made, and are removed afterwards.
    const loopback = await answering("127.0.0.1");
    const everywhere = await answering("0.0.0.0");
    const rules = firewallRules(await readFile(join(REPO, "deploy", "README.md"), "utf8"));
    const added: string[][] = [];
    try {
      for (const server of [loopback, everywhere]) assert.equal(await reachedFromHost(server.port), true, "the host itself reaches both");
      const reach = async (attempt: string): Promise<string[]> => {
        const context = join(dir, `reach-${attempt}`);
        await mkdir(context, { recursive: true });
        await copyFile("/bin/busybox", join(context, "busybox"));
        const probe = (host: string, port: number): string =>
          `(echo | nc -w 3 ${host} ${port} | grep -q reached && echo "${host}:${port} reached" || echo "${host}:${port} closed") >> /out/reach`;
        await writeFile(join(context, "Dockerfile"), [
          "FROM scratch",
          "COPY busybox /bin/busybox",
          'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
          `RUN echo ${attempt} && mkdir /out && ${probe("127.0.0.1", loopback.port)} && ${probe("10.10.0.1", everywhere.port)} && ${probe("10.10.0.1", loopback.port)}`,
          "FROM scratch",
          "COPY --from=0 /out /",
        ].join("\n"));
        const out = join(dir, `reach-${attempt}-out`);
        await run("buildctl", ["--addr", socket, "build", "--frontend", "dockerfile.v0", "--local", `context=${context}`, "--local", `dockerfile=${context}`,
          "--output", `type=local,dest=${out}`], { timeout: 120_000 });
        return (await readFile(join(out, "reach"), "utf8")).trim().split("\n");
      };
      assert.deepEqual(await reach("open"), [`127.0.0.1:${loopback.port} closed`, `10.10.0.1:${everywhere.port} reached`, `10.10.0.1:${loopback.port} closed`]);
      for (const rule of rules) {
        await run("iptables", rule);
        added.push(rule);
      }
      assert.deepEqual(await reach("closed"), [`127.0.0.1:${loopback.port} closed`, `10.10.0.1:${everywhere.port} closed`, `10.10.0.1:${loopback.port} closed`]);
    } finally {
      for (const rule of added.reverse()) await run("iptables", deletion(rule)).catch(() => undefined);
      loopback.server.close();
      everywhere.server.close();
    }
  });

  it("install-buildkit.sh installs a release whose tarball has the digest its provenance states, and nothing otherwise", async () => {
    // A release made the way moby/buildkit makes its own: the tarball of bin/ exported by BuildKit
    // with its provenance, renamed as its release workflow does.
    const name = "buildkit-v0.34.2.linux-amd64";
    const payload = join(dir, "payload");
    await mkdir(join(payload, "bin"), { recursive: true });
    await writeFile(join(payload, "bin", "buildkitd"), "#!/bin/sh\necho buildkitd from the test release\n", { mode: 0o755 });
    const context = join(dir, "release-context");
    await mkdir(context);
    await run("tar", ["-czf", join(context, `${name}.tar.gz`), "-C", payload, "bin"]);
    await writeFile(join(context, "Dockerfile"), `FROM scratch\nCOPY ${name}.tar.gz /\n`);
    const releases = join(dir, "releases");
    const out = join(releases, "v0.34.2");
    await run("buildctl", ["--addr", socket, "build", "--frontend", "dockerfile.v0", "--local", `context=${context}`, "--local", `dockerfile=${context}`,
      "--opt", "attest:provenance=mode=min", "--output", `type=local,dest=${out}`], { timeout: 120_000 });
    await rename(join(out, "provenance.json"), join(out, `${name}.provenance.json`));
    const server = createHttpServer((request, response) => {
      readFile(join(releases, decodeURIComponent(request.url ?? "/").replace(/\.\./g, ""))).then(
        (body) => response.end(body),
        () => { response.statusCode = 404; response.end(); },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    // Asynchronously: the release's server runs in this process.
    const install = (prefix: string): Promise<{ status: number; stdout: string; stderr: string }> => run("sh", [join(REPO, "deploy", "single-host", "install-buildkit.sh")], {
      env: { ...process.env, PREFIX: prefix, BUILDKIT_RELEASES: `http://127.0.0.1:${port}` }, timeout: 60_000,
    }).then(({ stdout, stderr }) => ({ status: 0, stdout, stderr }), (err: { code?: number; stdout?: string; stderr?: string }) =>
      ({ status: typeof err.code === "number" ? err.code : -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" }));
    try {
      const good = await install(join(dir, "prefix-good"));
      assert.equal(good.status, 0, good.stderr);
      assert.match(good.stdout, new RegExp(`^${name}\\.tar\\.gz: OK$`, "m"));
      assert.match(good.stdout, /buildkitd from the test release/);
      // One byte changed: refused before anything is unpacked.
      const tarball = join(out, `${name}.tar.gz`);
      const bytes = await readFile(tarball);
      bytes[100] = (bytes[100] ?? 0) ^ 1;
      await writeFile(tarball, bytes);
      const bad = await install(join(dir, "prefix-bad"));
      assert.notEqual(bad.status, 0);
      assert.match(bad.stdout, new RegExp(`^${name}\\.tar\\.gz: FAILED$`, "m"));
      assert.equal(existsSync(join(dir, "prefix-bad")), false);
    } finally {
      server.close();
    }
  });
});
