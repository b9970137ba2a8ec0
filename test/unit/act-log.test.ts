import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { jobResults, keyMaterial, leaks, parseActLog, stepOutput } from "../bed/act-log.js";

const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const stored = Buffer.from(pem).toString("base64");
const bodyLine = pem.split("\n")[1] ?? "";

/** A log as act --json writes it: one logrus entry a line. */
const line = (fields: Record<string, unknown>): string => JSON.stringify({ level: "info", time: "2026-12-01T15:00:00Z", ...fields });
const masking = line({ jobID: "remote", stepID: ["0"], command: "add-mask", arg: stored, raw: `::add-mask::${stored}`, msg: "  ⚙  ***" });

describe("act's --json log of e2e.yml", () => {
  it("reads job results and step outputs", () => {
    const entries = parseActLog([
      "act's own line before the job loggers",
      line({ jobID: "remote", stepID: ["build"], command: "set-output", name: "digest", arg: "sha256:1", msg: "  ⚙  ::set-output:: digest=sha256:1" }),
      line({ jobID: "remote", stepID: ["build"], command: "set-output", name: "digest", arg: "sha256:2", msg: "" }),
      line({ jobID: "remote", jobResult: "success", msg: "🏁  Job succeeded" }),
      line({ jobID: "fallback", jobResult: "failure", msg: "🏁  Job failed" }),
    ].join("\n"));
    assert.equal(entries[0]?.msg, "act's own line before the job loggers");
    assert.deepEqual(jobResults(entries), { remote: "success", fallback: "failure" });
    assert.equal(stepOutput(entries, "remote", "build", "digest"), "sha256:2");
    assert.equal(stepOutput(entries, "fallback", "build", "digest"), undefined);
  });

  it("knows the key from the masked values, whether masked as base64 or as PEM, and nothing from a certificate", () => {
    assert.ok(keyMaterial([stored]).includes(stored));
    assert.ok(keyMaterial([stored]).includes(bodyLine));
    assert.ok(keyMaterial([pem]).includes(bodyLine));
    assert.deepEqual(keyMaterial([Buffer.from("-----BEGIN CERTIFICATE-----\nMIIBlDCCATmgAwIBAgIQW4B+5GOxrfW7\n-----END CERTIFICATE-----\n").toString("base64"), "ghs_token"]), []);
  });

  it("passes a log where the key appears only in act's records of ::add-mask:: and GITHUB_ENV", () => {
    const entries = parseActLog([
      masking,
      line({ jobID: "remote", stepID: ["1"], command: "set-env", name: "BUILDKIT_KEY", arg: stored, msg: "  ⚙  ::set-env:: BUILDKIT_KEY=***" }),
      line({ jobID: "remote", msg: "| building with the key ***" }),
    ].join("\n"));
    assert.deepEqual(leaks(entries, keyMaterial([stored])), []);
  });

  it("finds the key in a message, in a step output, or a line of its PEM anywhere", () => {
    const material = keyMaterial([stored]);
    const cases = [
      line({ jobID: "remote", stepID: ["bed"], msg: `| BUILDKIT_KEY ${stored}` }),
      line({ jobID: "remote", stepID: ["bed"], command: "set-output", name: "key", arg: stored, msg: "  ⚙  ::set-output:: key=***" }),
      line({ jobID: "fallback", stepID: ["x"], msg: `| ${bodyLine}` }),
      line({ jobID: "remote", stepID: ["1"], command: "set-env", name: "BUILDKIT_KEY", arg: stored, msg: `  ⚙  ::set-env:: BUILDKIT_KEY=${stored}` }),
      // Unmasked, so unknown to the job's masks: the PEM header gives it away.
      line({ jobID: "check", msg: "| -----BEGIN PRIVATE KEY-----" }),
    ];
    for (const text of cases) assert.equal(leaks(parseActLog([masking, text].join("\n")), material).length, 1, text);
    assert.match(leaks(parseActLog(cases[1] ?? ""), material)[0] ?? "", /job remote, step bed, field arg: shows a masked key's material/);
  });
});
