import "reflect-metadata";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { requestJson } from "../../src/keyless/https.js";
import { newKeyAndRequest } from "../../src/keyless/request.js";
import { precheckDaemon, RemoteUnavailableError } from "../../src/tls/precheck.js";
import { startBed, type Bed } from "../bed/bed.js";
import { base64 } from "../bed/certs.js";
import { fixtureContext } from "../bed/fixture.js";
import { startIssuerProcess, type IssuerProcess } from "../bed/issuer.js";
import { githubClaims, startOidcProvider, type OidcProvider } from "../bed/oidc.js";
import { runGitlabJob } from "../bed/gitlab-job.js";
import { freePort } from "../bed/ports.js";
import { manifestDigest } from "../bed/registry.js";
import { nodeBinaries, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";
import { assertNoLeak } from "./leaks.js";

/** The runner's own builder for the fallback: the bed's daemon through its unix socket. */
const RUNNER_BUILDER = "runner-local";

function errorLine(run: ActionRun): string {
  return run.main.output.split("\n").find((l) => l.startsWith("::error::")) ?? "";
}

describe("keyless: the bundle, with no certificate inputs, gets its client certificate from the issuer", () => {
  let bed: Bed;
  let oidc: OidcProvider;
  let issuer: IssuerProcess;
  let shortIssuer: IssuerProcess;
  let context: string;
  let env: Record<string, string>;
  const policy = (lifetime: string): string => [
    "# Who may build: acme's repositories, from main.",
    "issuers:",
    `  - issuer: ${oidc.issuer}`,
    "    audience: remote-buildkit",
    `    lifetime: ${lifetime}`,
    "    allow:",
    "      - repository: acme/*",
    "        ref: refs/heads/main",
    "      - project_path: acme/**",
    "        ref_protected: \"true\"",
  ].join("\n");
  before(async () => {
    bed = await startBed();
    oidc = await startOidcProvider(bed.certs.ca);
    issuer = await startIssuerProcess(join(bed.dir, "issuer"), bed.certs.ca, policy("15m"));
    shortIssuer = await startIssuerProcess(join(bed.dir, "short-issuer"), bed.certs.ca, policy("10s"));
    context = await fixtureContext(bed.dir);
    // The runner's ID-token endpoint is served with the test CA; a real one has a public CA.
    const caFile = join(bed.dir, "test-ca.pem");
    await writeFile(caFile, bed.certs.ca.cert);
    const buildxConfig = join(bed.dir, "runner-buildx");
    await mkdir(buildxConfig, { recursive: true });
    env = { NODE_EXTRA_CA_CERTS: caFile, BUILDX_CONFIG: buildxConfig };
    execFileSync("docker", ["buildx", "create", "--name", RUNNER_BUILDER, "--driver", "remote", `unix://${bed.daemon.socket}`], { env: { ...process.env, BUILDX_CONFIG: buildxConfig } });
  });
  after(async () => {
    await shortIssuer.stop();
    await issuer.stop();
    await oidc.stop();
    await bed.stop();
  });
  // The fixture's Dockerfile needs the build secret `token`.
  const keyless = (): Record<string, string> => ({ endpoint: bed.daemon.endpoint, issuer: issuer.url, "ca-cert": base64(bed.certs.ca.cert), secrets: "token=keyless-build-secret" });

  it("builds and pushes on the real daemon over mutual TLS with a certificate the issuer made (node24, as the runner runs it)", async () => {
    oidc.jobClaims = githubClaims("acme/app", "refs/heads/main");
    const repository = "keyless/app";
    const run = await runAction({
      node: nodeBinaries()["node24"] ?? "",
      env: { ...env, ...oidc.runnerEnv() },
      inputs: { ...keyless(), context, tags: `${bed.registry.host}/${repository}:latest`, push: "true" },
    });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(run.post.code, 0, visibleOutput(run.post.output));
    assert.equal(run.outputs["builder-mode"], "remote");
    assert.equal(run.outputs["digest"], await manifestDigest(bed.registry.host, repository, "latest"));
    const said = /Client certificate "CN=acme\/app@refs\/heads\/main" from the issuer https:\/\/127\.0\.0\.1:\d+, valid until (\S+) \((\d+) min\); its key was made in this job/.exec(run.main.output);
    assert.ok(said, visibleOutput(run.main.output));
    assert.ok(Number(said[2]) >= 14 && Number(said[2]) <= 15, "the policy's 15 minutes");
    const log = await issuer.log();
    assert.match(log, new RegExp(`issued serial [0-9a-f]+ for acme/app@refs/heads/main \\(${oidc.issuer.replace(/\./g, "\\.")}\\), expires ${said[1]}`));
    const token = oidc.handedOut.at(-1) ?? "";
    assert.ok(token.length > 100 && !log.includes(token), "the issuer never logs the token");
    assert.ok(run.main.output.includes(`::add-mask::${token}`), "the token is masked");
    assertNoLeak(run, [], [token, token.split(".")[2] ?? "-"]);
    assert.ok(!`${run.main.output}${run.files}`.includes("PRIVATE KEY-----\n"), "the job's key is never printed");
    assert.deepEqual(await readdir(run.runnerTemp), [], "the key is gone with the workspace");
  });

  it("on GitLab, builds with the certificate for the job's id_tokens variable (project_path, ref)", async () => {
    // The template declares id_tokens: REMOTE_BUILDKIT_ID_TOKEN with aud from issuer-audience; GitLab sets it.
    const token = await oidc.sign({
      aud: "remote-buildkit", sub: "project_path:acme/app:ref_type:branch:ref:main", project_path: "acme/app", namespace_path: "acme",
      ref: "main", ref_type: "branch", ref_protected: "true", pipeline_source: "push",
    });
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(context, projectDir, { recursive: true }),
      variables: { REMOTE_BUILDKIT_ID_TOKEN: token },
      inputs: { ...keyless(), context: "." },
    });
    try {
      assert.equal(job.script.code, 0, job.script.output);
      assert.match(job.script.output, /Client certificate "CN=acme\/app@main" from the issuer https:\/\/127\.0\.0\.1:\d+, valid until \S+ \(1[45] min\)/);
      assert.match(job.script.output, /BuildKit v[\d.]+ on tcp:\/\/127\.0\.0\.1:\d+/);
      assert.ok(!job.script.output.includes(token), "the token is redacted from the log");
      assert.equal(job.afterScript.code, 0, job.afterScript.output);
    } finally {
      await rm(job.buildsDir, { recursive: true, force: true });
    }
  });

  it("a token the issuer refuses (a repository the policy does not allow) fails the step with the issuer's message, even under fallback auto", async () => {
    oidc.jobClaims = githubClaims("stranger/app", "refs/heads/main");
    const run = await runAction({ env: { ...env, ...oidc.runnerEnv() }, inputs: { ...keyless(), context, "fallback-builder": RUNNER_BUILDER } });
    assert.equal(run.main.code, 1, visibleOutput(run.main.output));
    assert.match(errorLine(run), /the issuer at https:\/\/127\.0\.0\.1:\d+ refused the job's certificate request \(not_allowed\): no rule of the issuer's policy for https:\/\/127\.0\.0\.1:\d+ allows stranger\/app@refs\/heads\/main/);
    assert.equal(run.post.code, 0);
  });

  it("an issuer that cannot be reached falls back under auto (unreachable)", async () => {
    oidc.jobClaims = githubClaims("acme/app", "refs/heads/main");
    const run = await runAction({
      env: { ...env, ...oidc.runnerEnv() },
      inputs: { ...keyless(), issuer: `https://127.0.0.1:${await freePort()}`, context, "fallback-builder": RUNNER_BUILDER, "connect-timeout": "3" },
    });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(run.outputs["builder-mode"], "fallback");
    assert.equal(run.outputs["fallback-reason"], "unreachable");
    assert.match(run.main.output, /::warning::Building on the fallback builder \(unreachable\): the issuer at https:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED/);
  });

  it("a job without an ID token (a fork's pull request, or no id-token permission) falls back as without secrets", async () => {
    const run = await runAction({ env, inputs: { ...keyless(), context, "fallback-builder": RUNNER_BUILDER } });
    assert.equal(run.main.code, 0, visibleOutput(run.main.output));
    assert.equal(run.outputs["fallback-reason"], "no-credentials");
    assert.match(run.main.output, /the job has no ID token: give the job permissions: id-token: write \(a pull request from a fork gets none\)/);
  });

  it("the daemon refuses a certificate from the issuer once its lifetime (10 s) is over", async () => {
    oidc.jobClaims = githubClaims("acme/app", "refs/heads/main");
    const { keyPem, csrPem } = await newKeyAndRequest();
    const token = await oidc.sign({ aud: "remote-buildkit", ...oidc.jobClaims });
    const reply = await requestJson(new URL(`${shortIssuer.url}/v1/certificates`), { method: "POST", headers: {}, body: JSON.stringify({ token, csr: csrPem }), ca: bed.certs.ca.cert, timeoutMs: 20_000 });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const cert = String(new Map(Object.entries(reply.body as object)).get("certificate"));
    const target = { host: "127.0.0.1", port: bed.daemon.port, serverName: "", ca: bed.certs.ca.cert, cert, key: keyPem, timeoutMs: 10_000 };
    const notAfter = new Date(new X509Certificate(cert).validTo).getTime();
    if (Date.now() < notAfter) {
      // Accepted while valid (unless a loaded machine took the whole 10 s to get here).
      await precheckDaemon(target, bed.daemon.endpoint, () => new Date());
    }
    // Go compares with whole seconds; a second and a half past the end is past it for the daemon.
    await new Promise((r) => setTimeout(r, Math.max(0, notAfter - Date.now()) + 1500));
    await assert.rejects(precheckDaemon(target, bed.daemon.endpoint, () => new Date()), (err: unknown) =>
      err instanceof RemoteUnavailableError && /the daemon rejected this runner's client certificate as expired/.test(err.message));
  });
});
