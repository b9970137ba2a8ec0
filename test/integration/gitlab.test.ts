import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBuildkitd, type Daemon } from "../bed/buildkitd.js";
import { base64, makeCertSet, type CertSet } from "../bed/certs.js";
import { fixtureContext } from "../bed/fixture.js";
import { runGitlabJob } from "../bed/gitlab-job.js";
import { parseFileCommands } from "../bed/runner.js";
import { manifestDigest, startRegistry, type Registry } from "../bed/registry.js";

const USER = { username: "gitlab-ci-token", password: `job-token-${Date.now()}` };

/** What a person reading the job log or the job's files would see, with ANSI colours removed. */
function visible(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

describe("the GitLab job, against a real daemon and a registry that requires a login", () => {
  let dir: string;
  let certs: CertSet;
  let registry: Registry;
  let daemon: Daemon;
  let appDir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-gitlab-bed-"));
    certs = await makeCertSet();
    registry = await startRegistry(join(dir, "registry"), USER);
    daemon = await startBuildkitd({
      dir: join(dir, "buildkitd"),
      tls: { ca: certs.ca.cert, cert: certs.server.cert, key: certs.server.key, requireClientCert: true },
      insecureRegistries: [registry.host],
    });
    appDir = await fixtureContext(dir);
  });
  after(async () => {
    await daemon.stop();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("logs in to the project's registry, pushes, writes the dotenv report and the summary, and leaves nothing", async () => {
    const keyFile = join(dir, "client-key.pem"); // a File-type variable: GitLab puts its value in a file
    await writeFile(keyFile, certs.client.key, { mode: 0o600 });
    const image = `${registry.host}/acme/app`;
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(appDir, projectDir, { recursive: true }),
      variables: {
        CI_REGISTRY: registry.host,
        CI_REGISTRY_IMAGE: image,
        CI_REGISTRY_USER: USER.username,
        CI_REGISTRY_PASSWORD: USER.password,
        BUILDKIT_CLIENT_KEY: keyFile,
      },
      inputs: {
        endpoint: daemon.endpoint,
        // Masked variables hold base64, since GitLab cannot mask multi-line values.
        "ca-cert": base64(certs.ca.cert),
        "client-cert": base64(certs.client.cert),
        "client-key": keyFile,
        tags: `${image}:latest`,
        push: "true",
        "build-args": "RUN_ID=gitlab",
        secrets: "token=gitlab-secret-value",
      },
    });
    const log = visible(job.script.output);
    assert.equal(job.script.code, 0, log);
    assert.match(log, new RegExp(`Logged in to ${registry.host.replace(/\./g, "\\.")} for this build`));
    assert.match(job.script.output, /\u001b\[0Ksection_start:\d+:remote_buildkit_\d+\[collapsed=true\]\r\u001b\[0KBuilding/);

    const digest = await manifestDigest(registry.host, "acme/app", "latest", registry.authorization);
    const report = parseFileCommands(await readFile(join(job.projectDir, "remote-buildkit.env"), "utf8"));
    assert.equal(report["REMOTE_BUILDKIT_DIGEST"], digest);
    assert.match(report["REMOTE_BUILDKIT_BUILDER"] ?? "", /^remote-buildkit-[0-9a-f]{8}$/);
    assert.ok(Number(report["REMOTE_BUILDKIT_DURATION"]) > 0);
    for (const key of Object.keys(report)) assert.match(key, /^[A-Za-z0-9_]+$/);
    const metadataFile = report["REMOTE_BUILDKIT_METADATA_FILE"] ?? "";
    const metadata: unknown = JSON.parse(await readFile(join(job.projectDir, metadataFile), "utf8"));
    assert.equal((metadata as Record<string, unknown>)["containerimage.digest"], digest);

    const summary = await readFile(join(job.projectDir, "remote-buildkit-summary.md"), "utf8");
    assert.match(summary, /^### remote-buildkit: build succeeded/);
    assert.ok(summary.includes(digest));
    assert.match(log, /Build summary\n.*remote-buildkit: build succeeded/s);

    assert.equal(job.afterScript.code, 0, visible(job.afterScript.output));
    assert.deepEqual((await readdir(job.buildsDir)).sort(), ["acme"], "nothing of the job's but the project may stay in the builds directory");

    const everything = [log, visible(job.afterScript.output), summary, await readFile(join(job.projectDir, "remote-buildkit.env"), "utf8")].join("\n");
    for (const pem of [certs.ca.cert, certs.client.cert, certs.client.key]) {
      for (const line of pem.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"))) assert.ok(!everything.includes(line), "a PEM line leaked");
    }
    assert.ok(!everything.includes(USER.password), "the registry password leaked");
    assert.ok(!everything.includes("gitlab-secret-value"), "a build secret leaked");
  });

  it("pushes with the login even when the runner's Docker config sends every registry to a credential helper", async () => {
    // A self-hosted runner's config with a credsStore (ecr-login, desktop...): Docker would ask the
    // helper, which knows nothing of the job's registry, instead of reading the login.
    const userConfig = join(dir, "runner-docker");
    const helperBin = join(dir, "helper-bin");
    const asked = join(dir, "helper-asked");
    await mkdir(helperBin, { recursive: true });
    await mkdir(userConfig, { recursive: true });
    await symlink(join(homedir(), ".docker", "cli-plugins"), join(userConfig, "cli-plugins"));
    await writeFile(join(userConfig, "config.json"), JSON.stringify({ credsStore: "rbk-test" }));
    await writeFile(join(helperBin, "docker-credential-rbk-test"),
      `#!/bin/sh\nread server\necho "$1 $server" >> ${asked}\necho "credentials not found in native keychain"\nexit 1\n`, { mode: 0o755 });
    const image = `${registry.host}/acme/helper`;
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(appDir, projectDir, { recursive: true }),
      variables: {
        CI_REGISTRY: registry.host,
        CI_REGISTRY_USER: USER.username,
        CI_REGISTRY_PASSWORD: USER.password,
        DOCKER_CONFIG: userConfig,
        PATH: `${helperBin}:${process.env["PATH"] ?? ""}`,
      },
      inputs: {
        endpoint: daemon.endpoint,
        "ca-cert": base64(certs.ca.cert),
        "client-cert": base64(certs.client.cert),
        "client-key": base64(certs.client.key),
        tags: `${image}:latest`,
        push: "true",
        secrets: "token=x",
      },
    });
    assert.equal(job.script.code, 0, visible(job.script.output));
    await manifestDigest(registry.host, "acme/helper", "latest", registry.authorization);
    const askedFor = await readFile(asked, "utf8").catch(() => "");
    assert.ok(!askedFor.includes(registry.host), `the helper was asked for the job's registry: ${askedFor}`);
    assert.equal(await readFile(join(userConfig, "config.json"), "utf8"), JSON.stringify({ credsStore: "rbk-test" }), "the runner's config was changed");
  });

  it("fails the push without the registry login, which proves the login is what made it work", async () => {
    const job = await runGitlabJob({
      checkout: (projectDir) => cp(appDir, projectDir, { recursive: true }),
      variables: { CI_REGISTRY: registry.host },
      inputs: {
        endpoint: daemon.endpoint,
        "ca-cert": base64(certs.ca.cert),
        "client-cert": base64(certs.client.cert),
        "client-key": base64(certs.client.key),
        tags: `${registry.host}/acme/other:latest`,
        push: "true",
        secrets: "token=x",
      },
    });
    assert.equal(job.script.code, 1);
    // The registry refused the push: the error names it, and the build does not fall back.
    assert.match(visible(job.script.output), /ERROR: The registry 127\.0\.0\.1:\d+ failed the build \(.*401 Unauthorized\)/);
    assert.match(visible(job.script.output), /401 Unauthorized|unauthorized|authorization/i);
    assert.equal(job.afterScript.code, 0);
    assert.deepEqual((await readdir(job.buildsDir)).sort(), ["acme"]);
  });
});
