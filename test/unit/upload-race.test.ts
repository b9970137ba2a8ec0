import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lostUploadRace } from "../../src/registry/upload-race.js";

const PUT_BLOB = 'ERROR: failed to build: failed to solve: failed to push 127.0.0.1:5000/multi/app:1: failed commit on ref "layer-sha256:5fc8": ' +
  "unexpected status from PUT request to http://127.0.0.1:5000/v2/multi/app/blobs/uploads/0e1b?_state=x&digest=sha256%3A5fc8: 400 Bad Request";

describe("lostUploadRace", () => {
  const cases: Array<[string, string, boolean]> = [
    ["a blob upload's commit refused with 400", PUT_BLOB, true],
    ["a manifest refused with 400 (a layer it names was lost)", "failed to push r/app:1: unexpected status from PUT request to https://r/v2/app/manifests/sha256:ab: 400 Bad Request", true],
    ["the registry's digest error, as some clients print it", '[{"code":"DIGEST_INVALID","message":"provided digest did not match uploaded content"}]', true],
    ["Nexus's upload error", "blob upload invalid: <repo>/v2/-/blobs/sha256:09 cannot be updated", true],
    ["a manifest naming a blob the registry lost", "failed to push: blob unknown: blob unknown to registry", true],
    ["a refused login", "unexpected status from PUT request to https://r/v2/app/blobs/uploads/1?digest=sha256:1: 401 Unauthorized", false],
    ["a forbidden push", "unexpected status from PUT request to https://r/v2/app/manifests/1: 403 Forbidden", false],
    ["a failing RUN step", 'ERROR: failed to build: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2', false],
    ["a daemon gone", "rpc error: code = Unavailable desc = connection refused", false],
  ];
  for (const [what, stderr, expected] of cases) {
    it(`${expected ? "retries" : "does not retry"}: ${what}`, () => assert.equal(lostUploadRace(stderr), expected));
  }
  it("reads only the end of the output, where buildx puts its error", () => {
    assert.equal(lostUploadRace([PUT_BLOB, ...Array.from({ length: 40 }, (_, i) => `#${i} DONE`)].join("\n")), false);
  });
});
