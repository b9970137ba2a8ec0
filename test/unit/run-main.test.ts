import assert from "node:assert/strict";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { BuildxSource } from "../../src/buildx/locate.js";
import { UserError } from "../../src/errors.js";
import type { Host } from "../../src/process/host.js";
import { runMain } from "../../src/run/main.js";
import { runPost } from "../../src/run/cleanup.js";
import { base64, makeCertSet, type CertSet } from "../bed/certs.js";
import { FakePlatform } from "./fake-platform.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
let certs: CertSet;
before(async () => {
  certs = await makeCertSet();
});

const host: Host = { env: {}, cwd: tmpdir(), home: tmpdir(), os: "linux", arch: "x64", uid: 1001, freeMemoryBytes: 8 * 1024 ** 3, totalMemoryBytes: 16 * 1024 ** 3 };

/** buildx, injected: these tests never run it, so it is never found; the runs must not wait for it. */
const noBuildx: BuildxSource = {
  runners: () => new Promise(() => undefined),
  install: () => Promise.reject(new Error("the unit tests install no buildx")),
};

async function run(
  inputs: Record<string, string>, buildx: BuildxSource = noBuildx, prepare: (platform: FakePlatform) => void = () => undefined,
): Promise<{ platform: FakePlatform; error: unknown; temp: string }> {
  const temp = await mkdtemp(join(tmpdir(), "rbk-unit-"));
  const platform = new FakePlatform(inputs, temp);
  prepare(platform);
  let error: unknown;
  await runMain({ platform, manifest, signal: new AbortController().signal, now: () => new Date(), host, buildx }).catch((err: unknown) => {
    error = err;
  });
  return { platform, error, temp };
}

describe("runMain with a fake platform", () => {
  it("masks every secret input, line by line, before it fails on one of them", async () => {
    const wrapped = base64(certs.client.key).replace(/.{64}/g, "$&\n");
    const { platform, error, temp } = await run({
      endpoint: "tcp://127.0.0.1:1",
      "ca-cert": base64(certs.ca.cert),
      "client-cert": base64(certs.client.cert),
      "client-key": `${wrapped}\n!!`,
      secrets: "token=very-secret-value",
    });
    assert.ok(error instanceof UserError);
    assert.equal(error.subject, "client-key");
    for (const line of wrapped.split("\n").filter(Boolean)) assert.ok(platform.masked.includes(line), "a line of the key was not masked");
    assert.ok(platform.masked.includes(base64(certs.ca.cert)));
    assert.ok(platform.masked.some((m) => m.includes("very-secret-value")));
    assert.deepEqual(platform.log, [], "nothing may be logged before the inputs are valid");
    assert.deepEqual(await readdir(temp), [], "no file may be written for invalid inputs");
  });

  it("masks each line of the decoded PEMs, which differ from the base64 the user stored", async () => {
    const { platform, error } = await run({
      endpoint: "tcp://127.0.0.1:1",
      "ca-cert": base64(certs.ca.cert),
      "client-cert": base64(certs.client.cert),
      "client-key": base64(certs.expiredClient.key),
    });
    assert.ok(error instanceof UserError && error.subject === "client-key");
    for (const pem of [certs.ca.cert, certs.client.cert, certs.expiredClient.key]) {
      for (const line of pem.split("\n").filter((l) => l && !l.startsWith("-----"))) {
        assert.ok(platform.masked.includes(line), `PEM line not masked: ${line.slice(0, 6)}...`);
      }
    }
  });

  it("leaves no workspace behind when the daemon is unreachable, and post finds nothing to do", async () => {
    const { platform, error, temp } = await run({
      endpoint: "tcp://127.0.0.1:1",
      "ca-cert": base64(certs.ca.cert),
      "client-cert": base64(certs.client.cert),
      "client-key": base64(certs.client.key),
      "connect-timeout": "2",
      fallback: "never",
    });
    assert.match(String(error), /nothing is listening at tcp:\/\/127.0.0.1:1/);
    assert.ok(platform.state.get("workspace")?.startsWith(temp));
    assert.deepEqual(await readdir(temp), []);
    assert.equal(platform.summaries.length, 1);
    assert.match(platform.summaries[0] ?? "", /^### remote-buildkit: build failed\n/);
    assert.match(platform.summaries[0] ?? "", /\| Builder \| remote `tcp:\/\/127\.0\.0\.1:1` \|/);
    assert.match(platform.summaries[0] ?? "", /^> nothing is listening at tcp:\/\/127\.0\.0\.1:1/m);
    await runPost({ platform, host });
    assert.equal(platform.failure, "");
    assert.equal(platform.state.size, 0, "post forgets the state");
  });

  it("with fallback never, fails on a refused connection without waiting for buildx to be found or installed", async () => {
    const asked: string[] = [];
    const { platform, error } = await run({
      endpoint: "tcp://127.0.0.1:1",
      "ca-cert": base64(certs.ca.cert),
      "client-cert": base64(certs.client.cert),
      "client-key": base64(certs.client.key),
      fallback: "never",
    }, {
      runners: () => {
        asked.push("runners");
        return new Promise(() => undefined);
      },
      install: (version) => {
        asked.push(`install ${version}`);
        return new Promise(() => undefined);
      },
    });
    assert.match(String(error), /nothing is listening at tcp:\/\/127\.0\.0\.1:1 \(connection refused\)\. Fix: .*\(fallback is never\)/);
    assert.deepEqual(asked, ["runners"], "the runner's buildx is looked for at once, and nothing is installed");
    assert.ok(!platform.log.includes("group: Finding buildx"), "nothing waited for buildx");
  });

  it("keeps the build's own error first when the summary cannot be written, and adds the summary's as a second line", async () => {
    const { platform, error, temp } = await run(unreachable(), noBuildx, (p) => {
      p.io.writeSummary = async () => {
        throw new Error("ENOSPC: no space left on device, write 'remote-buildkit-summary.md'");
      };
    });
    assert.ok(error instanceof Error);
    const [first, second, ...rest] = error.message.split("\n");
    assert.match(first ?? "", /^nothing is listening at tcp:\/\/127\.0\.0\.1:1/);
    assert.equal(second, "Writing the step summary failed: ENOSPC: no space left on device, write 'remote-buildkit-summary.md'");
    assert.deepEqual(rest, []);
    // The tasks after the failed one still ran: the summary text in the log, and the clean-up.
    assert.ok(platform.log.some((l) => l.startsWith("remote-buildkit: build failed in ")), platform.log.join("\n"));
    assert.deepEqual(await readdir(temp), []);
  });

  it("registers each masked value once: every PEM line, the base64 and each build secret", async () => {
    // PEM text rather than base64: the input's lines and the decoded PEM's lines are then the same strings.
    const { platform } = await run(unreachable({ "ca-cert": certs.ca.cert, "client-key": certs.client.key, secrets: "token=very-secret-value" }));
    const counts = new Map<string, number>();
    for (const m of platform.masked) counts.set(m, (counts.get(m) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1).map(([m, n]) => `${m.slice(0, 8)}... ${n} times`);
    assert.deepEqual(repeated, []);
    for (const pem of [certs.ca.cert, certs.client.cert, certs.client.key]) {
      for (const line of pem.split("\n").filter((l) => l.length >= 4 && !l.startsWith("-----"))) assert.equal(counts.get(line), 1, `${line.slice(0, 8)}...`);
    }
    assert.equal(counts.get("very-secret-value"), 1);
    assert.equal(counts.get(base64(certs.client.cert)), 1);
  });
});

/** Connection inputs for a closed port, with fallback never: the run fails fast, after its workspace exists. */
function unreachable(extra: Record<string, string> = {}): Record<string, string> {
  return {
    endpoint: "tcp://127.0.0.1:1",
    "ca-cert": base64(certs.ca.cert),
    "client-cert": base64(certs.client.cert),
    "client-key": base64(certs.client.key),
    "connect-timeout": "2",
    fallback: "never",
    ...extra,
  };
}
