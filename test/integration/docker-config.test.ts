import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { writeDockerConfig } from "../../src/registry/docker-config.js";

const run = promisify(execFile);

/**
 * The job's private Docker config (written when the job logs in to registries) must reach the
 * same Docker engine as the runner's own: the docker-container builder is made through the one
 * and removed through the other. Only the real docker CLI says which engine a config names.
 */
describe("the job's private Docker config", () => {
  let dir: string;
  const home = (): string => join(dir, "home");
  const endpoint = (config: string): Promise<string> =>
    run("docker", ["context", "inspect", "--format", "{{.Endpoints.docker.Host}}"], { env: { ...process.env, DOCKER_CONFIG: config, DOCKER_HOST: "", DOCKER_CONTEXT: "" } })
      .then((r) => r.stdout.trim());
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "rbk-dcfg-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("names the engine of the runner's current context (a rootless engine's), with the logins added", async () => {
    const user = join(home(), ".docker");
    const env = { ...process.env, DOCKER_CONFIG: user, DOCKER_HOST: "", DOCKER_CONTEXT: "" };
    await run("docker", ["context", "create", "rootless", "--docker", "host=unix:///run/user/1000/docker.sock"], { env });
    await run("docker", ["context", "use", "rootless"], { env });
    assert.equal(await endpoint(user), "unix:///run/user/1000/docker.sock");

    const job = join(dir, "job-docker");
    await writeDockerConfig(job, [{ registry: "registry.example.com", username: "ci", password: "s3cret" }], { env: {}, home: home() });
    assert.equal(await endpoint(job), "unix:///run/user/1000/docker.sock", "the job's config names the same engine");
    const written: unknown = JSON.parse(await readFile(join(job, "config.json"), "utf8"));
    assert.deepEqual(written, { currentContext: "rootless", auths: { "registry.example.com": { auth: Buffer.from("ci:s3cret").toString("base64") } } });
  });
});
