import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportRecordArgs, keepRecords, parseRecordRef, recordFileName } from "../../src/buildx/record.js";
import { renderSummary, renderSummaryText, type BuildReport } from "../../src/summary/render.js";

const REF = "remote-buildkit-1a2b3c4d/remote-buildkit-1a2b3c4d0/xq9wz2ryd5ccz9kq0a8yq5c3v";

describe("the build record", () => {
  it("reads buildx.build.ref into builder, node and id", () => {
    assert.deepEqual(parseRecordRef(REF), { builder: "remote-buildkit-1a2b3c4d", node: "remote-buildkit-1a2b3c4d0", id: "xq9wz2ryd5ccz9kq0a8yq5c3v" });
    assert.equal(parseRecordRef(""), undefined);
    assert.equal(parseRecordRef("no-slashes"), undefined);
  });

  it("exports one record of the builder, finalized, to a file", () => {
    const ref = parseRecordRef(REF);
    assert.ok(ref);
    assert.deepEqual(exportRecordArgs(ref, "/w/acme~app~XQ9WZ2.dockerbuild"),
      ["history", "export", "--builder", "remote-buildkit-1a2b3c4d", "--finalize", "--output", "/w/acme~app~XQ9WZ2.dockerbuild", "xq9wz2ryd5ccz9kq0a8yq5c3v"]);
  });

  it("names the file as docker's action does, from names a path cannot misread", () => {
    const ref = parseRecordRef(REF);
    assert.ok(ref);
    assert.equal(recordFileName("acme/app", ref), "acme~app~XQ9WZ2.dockerbuild");
    assert.equal(recordFileName("group/sub group/../app", ref), "group~sub~group~..~app~XQ9WZ2.dockerbuild");
    assert.equal(recordFileName("", ref), "build~XQ9WZ2.dockerbuild");
  });

  it("is kept unless DOCKER_BUILD_RECORD_UPLOAD says false", () => {
    for (const value of [undefined, "", "true", "1", "yes"]) assert.equal(keepRecords(value), true, String(value));
    for (const value of ["false", "FALSE", "0", "no", " off "]) assert.equal(keepRecords(value), false, value);
  });

  it("is named in the summary and at the end of the log when kept", () => {
    const report: BuildReport = {
      outcome: "succeeded", mode: "remote", builderAddress: "tcp://bk:1234", routing: [], fallbackReason: "", builderState: "", builder: "b", buildkitVersion: "",
      tags: [], pushed: false, digest: "", connectMs: 0, restoreMountsMs: 0, unpackWaitMs: 0, stoppedBuildMs: 0, buildMs: 0, saveMountsMs: 0, removeMs: 0, totalMs: 1, analysis: undefined, advice: [], error: "", health: undefined, comparison: undefined,
      record: "the workflow artifact acme~app~XQ9WZ2.dockerbuild",
    };
    assert.match(renderSummary(report), /^\| Build record \| the workflow artifact acme~app~XQ9WZ2\.dockerbuild \(open it in Docker Desktop\) \|$/m);
    assert.match(renderSummaryText(report), /^ {2}build record: the workflow artifact acme~app~XQ9WZ2\.dockerbuild$/m);
    assert.doesNotMatch(renderSummary({ ...report, record: "" }), /Build record/);
  });
});
