import assert from "node:assert/strict";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import type { BuildxSource } from "../../src/buildx/locate.js";
import type { Host } from "../../src/process/host.js";
import { runMain } from "../../src/run/main.js";
import { StepEnd } from "../../src/run/finish.js";
import { base64, makeCertSet, type CertSet } from "../bed/certs.js";
import { FakePlatform } from "./fake-platform.js";
import { realManifest } from "./manifest.js";

const manifest = realManifest();
let certs: CertSet;
before(async () => {
  certs = await makeCertSet();
});

const host: Host = { env: {}, cwd: tmpdir(), home: tmpdir(), os: "linux", arch: "x64" };

/** buildx, injected: these runs fail before they would run it. */
const noBuildx: BuildxSource = {
  runners: () => new Promise(() => undefined),
  install: () => Promise.reject(new Error("the unit tests install no buildx")),
};

/** A platform whose step summary cannot be written, as when GitLab's summary file or GITHUB_STEP_SUMMARY is not writable. */
function brokenSummaryPlatform(inputs: Record<string, string>, temp: string): FakePlatform {
  const platform = new FakePlatform(inputs, temp);
  platform.io.writeSummary = async () => {
    throw new Error("ENOSPC: no space left on device, write 'remote-buildkit-summary.md'");
  };
  return platform;
}

async function runWith(platform: FakePlatform): Promise<unknown> {
  let error: unknown;
  await runMain({ platform, manifest, signal: new AbortController().signal, now: () => new Date(), host, buildx: noBuildx }).catch((err: unknown) => {
    error = err;
  });
  return error;
}

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

describe("the end of the main step", () => {
  it("keeps the build's own error first when the summary cannot be written, and adds the summary's as a second line", async () => {
    const temp = await mkdtemp(join(tmpdir(), "rbk-unit-"));
    const platform = brokenSummaryPlatform(unreachable(), temp);
    const error = await runWith(platform);
    assert.ok(error instanceof Error);
    const [first, second, ...rest] = error.message.split("\n");
    assert.match(first ?? "", /^nothing is listening at tcp:\/\/127\.0\.0\.1:1/);
    assert.equal(second, "Writing the step summary failed: ENOSPC: no space left on device, write 'remote-buildkit-summary.md'");
    assert.deepEqual(rest, []);
    // The tasks after the failed one still ran: the summary text in the log, and the clean-up.
    assert.ok(platform.log.some((l) => l.startsWith("remote-buildkit: build failed in ")), platform.log.join("\n"));
    assert.deepEqual(await readdir(temp), []);
  });

  it("fails with the summary's error when the build itself did not fail", async () => {
    const end = new StepEnd(undefined);
    await end.run("Writing the step summary", async () => {
      throw new Error("disk full");
    });
    await end.run("Printing the summary", async () => undefined);
    assert.throws(() => end.settle(), /^Error: Writing the step summary failed: disk full$/);
  });

  it("rethrows the build's error itself when nothing else failed", async () => {
    const original = new RangeError("the build failed");
    const end = new StepEnd({ error: original });
    await end.run("Writing the step summary", async () => undefined);
    assert.throws(() => end.settle(), (err: unknown) => err === original);
    assert.doesNotThrow(() => new StepEnd(undefined).settle());
  });
});

describe("masking", () => {
  it("registers each value once: every PEM line, the base64 and each build secret", async () => {
    const temp = await mkdtemp(join(tmpdir(), "rbk-unit-"));
    // PEM text rather than base64: the input's lines and the decoded PEM's lines are then the same strings.
    const platform = new FakePlatform(unreachable({ "ca-cert": certs.ca.cert, "client-key": certs.client.key, secrets: "token=very-secret-value" }), temp);
    await runWith(platform);
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
