import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { startBuildkitd, type Daemon } from "../bed/buildkitd.js";
import { base64 } from "../bed/certs.js";
import { fixtureContext } from "../bed/fixture.js";
import { freePort, silentServer, waitFor } from "../bed/ports.js";
import { running } from "../bed/processes.js";
import { reportedTimes, runAction, visibleOutput, type ActionRun } from "../bed/runner.js";

/** The runner's own builder, named through `fallback-builder`: a second, local buildkitd stands in
 * for docker/setup-buildx-action's docker-container builder, which cannot boot on these machines. */
const RUNNER_BUILDER = "runner-local";

function errorLine(run: ActionRun): string {
  return run.main.output.split("\n").find((l) => l.startsWith("::error::")) ?? "";
}


type Policy = "auto" | "always" | "never";
type Expectation = { readonly fallback: string } | { readonly fails: RegExp };

describe("falling back to the runner's builder, against real daemons", () => {
  let bed: Bed;
  let local: Daemon;
  let runnerEnv: Record<string, string>;
  let app: string;
  let slow: string;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  before(async () => {
    bed = await startBed();
    local = await startBuildkitd({
      dir: join(bed.dir, "runner-local"),
      tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
      insecureRegistries: [bed.registry.host],
    });
    const buildxConfig = join(bed.dir, "runner-buildx");
    await mkdir(buildxConfig, { recursive: true });
    runnerEnv = { BUILDX_CONFIG: buildxConfig };
    execFileSync("docker", ["buildx", "create", "--name", RUNNER_BUILDER, "--driver", "remote", `unix://${local.socket}`], { env: { ...process.env, ...runnerEnv } });
    app = await fixtureContext(bed.dir, "app");
    slow = await fixtureContext(bed.dir, "slow");
    silent = await silentServer();
  });
  after(async () => {
    await silent.close();
    await local.stop();
    await bed.stop();
  });

  const cases: Array<[string, (b: Bed) => Promise<Record<string, string>> | Record<string, string>, Record<Policy, Expectation>]> = [
    ["a closed port", async () => ({ endpoint: `tcp://127.0.0.1:${await freePort()}` }), {
      auto: { fallback: "unreachable" }, always: { fallback: "unreachable" }, never: { fails: /nothing is listening at tcp:\/\/127\.0\.0\.1:\d+/ },
    }],
    ["a port that accepts and never answers", () => ({ endpoint: `tcp://127.0.0.1:${silent.port}` }), {
      auto: { fallback: "timeout" }, always: { fallback: "timeout" }, never: { fails: /did not complete a TLS handshake within 2 s/ },
    }],
    ["no certificates (a fork's pull request)", () => ({ "ca-cert": "", "client-cert": "", "client-key": "" }), {
      auto: { fallback: "no-credentials" }, always: { fallback: "no-credentials" }, never: { fails: /ca-cert, client-cert, client-key: required when fallback is never/ },
    }],
    ["a CA that did not issue the daemon's certificate", (b) => ({
      "ca-cert": base64(b.certs.otherCa.cert), "client-cert": base64(b.certs.clientFromOtherCa.cert), "client-key": base64(b.certs.clientFromOtherCa.key),
    }), {
      auto: { fails: /rejected the daemon's server certificate/ }, always: { fallback: "tls-error" }, never: { fails: /rejected the daemon's server certificate/ },
    }],
  ];

  for (const [what, inputs, expected] of cases) {
    for (const policy of ["auto", "always", "never"] as const) {
      const expectation = expected[policy];
      const verdict = "fallback" in expectation ? `falls back (${expectation.fallback})` : "fails";
      it(`${what}, fallback ${policy}: ${verdict}, without hanging`, async () => {
        const run = await runAction({
          env: runnerEnv,
          inputs: { ...bed.connection(), ...(await inputs(bed)), fallback: policy, "fallback-builder": RUNNER_BUILDER, "connect-timeout": "2", context: app, secrets: "token=fallback-token" },
        });
        if ("fallback" in expectation) {
          assert.equal(run.main.code, 0, visibleOutput(run.main.output));
          assert.equal(run.outputs["builder-mode"], "fallback");
          assert.equal(run.outputs["fallback-reason"], expectation.fallback);
          assert.equal(run.outputs["builder"], RUNNER_BUILDER);
          assert.match(run.main.output, new RegExp(`::warning::Building on the fallback builder \\(${expectation.fallback}\\): `));
          assert.match(run.summary, new RegExp(`\\| Builder \\| fallback \`${RUNNER_BUILDER}\` .*because: ${expectation.fallback}`));
          // Deciding took at most connect-timeout (2 s), by the step's own figure for connecting and
          // starting the builder, which leaves the local build out. Starting the runner's running
          // builder (finding buildx, loading the cache client, `inspect --bootstrap`) takes about 0.5 s
          // idle and took 3 s under a load of 15 on 2 cores: 10 s more leaves room for worse.
          const connect = reportedTimes(run.main.output)?.connectMs ?? Infinity;
          assert.ok(connect < 2000 + 10_000, `connecting and starting the builder took ${connect} ms by the step's own report`);
        } else {
          assert.equal(run.main.code, 1);
          assert.match(errorLine(run), expectation.fails);
          // The step's own time, or, when it ended in its inputs before reporting one, the process's
          // (Node's start adds about 0.3 s, up to 2 s when busy): connect-timeout (2 s) and 3 s more.
          const took = reportedTimes(run.main.output)?.totalMs ?? run.main.ms;
          assert.ok(took < 2000 + 3000, `took ${took} ms`);
        }
        assert.equal(run.post.code, 0);
        const builders = execFileSync("docker", ["buildx", "ls"], { env: { ...process.env, ...runnerEnv }, stdio: ["ignore", "pipe", "ignore"] }).toString();
        assert.match(builders, new RegExp(RUNNER_BUILDER), "the runner's own builder is left in place");
      });
    }
  }

  const deaths: Array<[Policy, string, boolean]> = [["auto", "3.01", true], ["always", "3.02", true], ["never", "3.03", false]];
  for (const [policy, pause, fallsBack] of deaths) {
    it(`a daemon killed during the build, fallback ${policy}: ${fallsBack ? "builds again on the fallback builder" : "fails"}`, async () => {
      const doomed = await startBuildkitd({
        dir: join(bed.dir, `doomed-${policy}`),
        tls: { ca: bed.certs.ca.cert, cert: bed.certs.server.cert, key: bed.certs.server.key, requireClientCert: true },
      });
      const run = await runAction({
        env: runnerEnv,
        inputs: { ...bed.connection(), endpoint: doomed.endpoint, fallback: policy, "fallback-builder": RUNNER_BUILDER, context: slow, "build-args": `PAUSE=${pause}` },
        duringMain: async () => {
          await waitFor("the RUN step on the remote daemon", async () => running(`busybox sleep ${pause}`), 60_000);
          doomed.child.kill("SIGKILL");
        },
      });
      await doomed.stop();
      if (fallsBack) {
        assert.equal(run.main.code, 0, visibleOutput(run.main.output));
        assert.match(run.main.output, /::warning::Building on the fallback builder \(remote-failed\): the connection to the remote daemon was lost during the build/);
        assert.match(run.main.output, /::group::Building again on the fallback builder/);
        assert.equal(run.outputs["builder-mode"], "fallback");
        assert.equal(run.outputs["fallback-reason"], "remote-failed");
      } else {
        assert.equal(run.main.code, 1);
        assert.match(errorLine(run), /the connection to the remote daemon was lost during the build \(fallback is never\)/);
      }
    });
  }
});
