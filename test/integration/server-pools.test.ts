import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { startBuildkitd, type Daemon, type DaemonTls } from "../bed/buildkitd.js";
import { cli, printedValues } from "../bed/certs-cli.js";
import { nodeBinaries, runAction, visibleOutput } from "../bed/runner.js";

const run = promisify(execFile);
type Values = ReturnType<typeof printedValues>;
const decoded = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");

/** A pool's CA directory as certs init --pool wrote it, and the values it printed for CI. */
interface Pool {
  readonly dir: string;
  readonly values: Values;
}

function init(cwd: string, args: readonly string[]): Pool {
  const result = cli(process.execPath, cwd, ["certs", "init", "--host", "localhost", "--host", "127.0.0.1", "--print-secrets", ...args]);
  assert.equal(result.code, 0, result.stderr);
  const out = args[args.indexOf("--out") + 1] ?? "buildkit-certs";
  const pool = args[args.indexOf("--pool") + 1] ?? "";
  return { dir: join(cwd, args.includes("--out") ? out : "buildkit-certs", pool), values: printedValues(result.stdout) };
}

async function daemonTls(dir: string, ca: string): Promise<DaemonTls> {
  return { ca, cert: await readFile(join(dir, "server-cert.pem"), "utf8"), key: await readFile(join(dir, "server-key.pem"), "utf8"), requireClientCert: true };
}

/**
 * Whether a client, as CI holds it, gets an answer from the daemon: a real gRPC call (buildctl
 * debug workers) over mutual TLS, the way buildx reaches it. Returns buildctl's error otherwise.
 */
async function answers(dir: string, daemon: Daemon, values: Values): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = async (name: string, b64: string): Promise<string> => {
    await writeFile(join(dir, name), decoded(b64), { mode: 0o600 });
    return join(dir, name);
  };
  try {
    await run("buildctl", ["--addr", daemon.endpoint, "--tlsservername", "localhost", "--tlscacert", await file("ca.pem", values["ca-cert"]),
      "--tlscert", await file("cert.pem", values["client-cert"]), "--tlskey", await file("key.pem", values["client-key"]), "debug", "workers"], { timeout: 20_000 });
    return "ok";
  } catch (err: unknown) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("pools, renewal and CA rotation, with certs on real daemons", () => {
  let dir: string;
  let release: Pool;
  let pulls: Pool;
  let releaseDaemon: Daemon;
  let pullsDaemon: Daemon;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-pools-"));
    release = init(dir, ["--pool", "release"]);
    pulls = init(dir, ["--pool", "pull-requests"]);
    releaseDaemon = await startBuildkitd({ dir: join(dir, "release-daemon"), tls: await daemonTls(release.dir, decoded(release.values["ca-cert"])) });
    pullsDaemon = await startBuildkitd({ dir: join(dir, "pulls-daemon"), tls: await daemonTls(pulls.dir, decoded(pulls.values["ca-cert"])) });
  });
  after(async () => {
    await releaseDaemon?.stop();
    await pullsDaemon?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("each pool's client is served by its own pool's daemon", async () => {
    assert.equal(await answers(join(dir, "c1"), releaseDaemon, release.values), "ok");
    assert.equal(await answers(join(dir, "c2"), pullsDaemon, pulls.values), "ok");
  });

  it("a client of one pool is refused by the other's daemon, with the pre-check's precise diagnosis", async () => {
    // A pull-request workflow pointed at the release pool with its own secrets: this runner
    // already rejects the release daemon's certificate.
    const wrongPool = await runAction({ inputs: { endpoint: releaseDaemon.endpoint, ...pulls.values } });
    assert.equal(wrongPool.main.code, 1, visibleOutput(wrongPool.main.output));
    assert.match(wrongPool.main.output, /::error::.*this runner rejected the daemon's server certificate: it was not issued by the CA in ca-cert/);
    // Trusting both CAs gets it past its own check: then the release daemon refuses its client certificate.
    const bothCas = Buffer.from(decoded(release.values["ca-cert"]) + decoded(pulls.values["ca-cert"])).toString("base64");
    const refused = await runAction({ inputs: { endpoint: releaseDaemon.endpoint, ...pulls.values, "ca-cert": bothCas } });
    assert.equal(refused.main.code, 1, visibleOutput(refused.main.output));
    assert.match(refused.main.output, /::error::.*the daemon rejected this runner's client certificate: it does not trust the CA that issued it/);
    assert.doesNotMatch(refused.main.output, /falling back|fallback builder/i, "a certificate mistake must not fall back silently");
  });

  it("a renewed client certificate works against the daemon, and the command printed nothing secret without --print-secrets", async () => {
    const renewed = cli(process.execPath, dir, ["certs", "client", "--pool", "release", "--renew"]);
    assert.equal(renewed.code, 0, renewed.stderr);
    const key = await readFile(join(release.dir, "client-key.pem"), "utf8");
    assert.notEqual(Buffer.from(key).toString("base64"), release.values["client-key"], "--renew kept the old key");
    for (const line of key.split("\n").filter((l) => l !== "" && !l.startsWith("-----"))) assert.ok(!renewed.stdout.includes(line), "a key line was printed");
    assert.ok(!renewed.stdout.includes(Buffer.from(key).toString("base64").slice(100, 160)), "the key's base64 was printed");
    // Without --print-secrets the key's line is the command that stores it from its file.
    const printed = printedValues(renewed.stdout);
    assert.equal(printed["client-key"], `  base64 -w0 ${join(release.dir, "client-key.pem")} | gh secret set BUILDKIT_KEY`);
    const values: Values = { ...printed, "client-key": Buffer.from(key).toString("base64") };
    assert.equal(values["client-cert"], Buffer.from(await readFile(join(release.dir, "client-cert.pem"), "utf8")).toString("base64"));
    assert.equal(await answers(join(dir, "c3"), releaseDaemon, values), "ok");
    // The old certificate still works until it expires (buildkitd checks no revocation list).
    assert.equal(await answers(join(dir, "c4"), releaseDaemon, release.values), "ok");
  });

  it("a CA rotation keeps old and new clients working until the old CA is removed", async () => {
    const old = release.values;
    const next = init(dir, ["--pool", "release", "--out", "next"]);
    const bundle = decoded(old["ca-cert"]) + decoded(next.values["ca-cert"]);
    const restart = async (tls: DaemonTls): Promise<void> => {
      await releaseDaemon.stop();
      releaseDaemon = await startBuildkitd({ dir: join(dir, "release-daemon"), tls, root: releaseDaemon.root, port: releaseDaemon.port });
    };
    // 1. The daemon trusts both CAs (--tlscacert with both) and keeps its old server certificate;
    //    new clients get the new CA's certificate and both CAs as ca-cert.
    await restart(await daemonTls(release.dir, bundle));
    const newClient: Values = { ...next.values, "ca-cert": Buffer.from(bundle).toString("base64") };
    assert.equal(await answers(join(dir, "r1"), releaseDaemon, old), "ok");
    assert.equal(await answers(join(dir, "r2"), releaseDaemon, newClient), "ok");
    // 2. Every client moved: the daemon drops the old CA and serves the new CA's certificate.
    await restart(await daemonTls(next.dir, decoded(next.values["ca-cert"])));
    assert.equal(await answers(join(dir, "r3"), releaseDaemon, newClient), "ok");
    assert.equal(await answers(join(dir, "r4"), releaseDaemon, next.values), "ok");
    assert.match(await answers(join(dir, "r5"), releaseDaemon, old), /certificate/);
    const oldIsOut = await runAction({ inputs: { endpoint: releaseDaemon.endpoint, ...old, "ca-cert": newClient["ca-cert"] } });
    assert.match(oldIsOut.main.output, /::error::.*the daemon rejected this runner's client certificate: it does not trust the CA that issued it/);
  });

  it("certs init refuses a git work tree without --force, and writes nothing there", async () => {
    const repo = join(dir, "repo");
    await mkdir(repo);
    assert.equal(spawnSync("git", ["init", "-q", repo]).status, 0);
    const node24 = nodeBinaries()["node24"] ?? process.execPath;
    const refused = cli(node24, repo, ["certs", "init", "--host", "localhost"]);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, "");
    assert.match(refused.stderr, new RegExp(`^remote-buildkit: --out: ${repo}/buildkit-certs is inside the git work tree ${repo}, .*Fix: choose a directory outside it`));
    assert.deepEqual(await readdir(repo), [".git"]);
    const forced = cli(node24, repo, ["certs", "init", "--host", "localhost", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    for (const name of ["ca-key.pem", "server-key.pem", "client-key.pem"]) {
      const key = await readFile(join(repo, "buildkit-certs", name), "utf8");
      for (const line of key.split("\n").filter((l) => l !== "" && !l.startsWith("-----"))) assert.ok(!forced.stdout.includes(line), `${name} was printed`);
    }
    assert.match(forced.stdout, /BUILDKIT_KEY {2}\(the client private key: SECRET, not printed/);
  });
});
