import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lostConnection } from "../../src/policy/fallback.js";
import { registryFailure } from "../../src/registry/registry-failure.js";

// buildx v0.38.2's last lines against BuildKit v0.34.2, seen in the test bed with a closed port 9.
const PUSH = [
  '#5 ERROR: failed to push 127.0.0.1:9/x/app:1: failed to do request: Head "http://127.0.0.1:9/v2/x/app/blobs/sha256:4413": dial tcp 127.0.0.1:9: connect: connection refused',
  'ERROR: failed to build: failed to solve: failed to push 127.0.0.1:9/x/app:1: failed to do request: Head "http://127.0.0.1:9/v2/x/app/blobs/sha256:4413": dial tcp 127.0.0.1:9: connect: connection refused',
].join("\n");
const CACHE = 'ERROR: failed to build: failed to solve: error writing layer blob: failed to do request: Head "http://127.0.0.1:9/v2/cache/blobs/sha256:df72": dial tcp 127.0.0.1:9: connect: connection refused';
const PULL = 'ERROR: failed to build: failed to solve: 127.0.0.1:9/base:1: failed to resolve source metadata for 127.0.0.1:9/base:1: failed to do request: Head "http://127.0.0.1:9/v2/base/manifests/1": dial tcp 127.0.0.1:9: connect: connection refused';
const LOST_DAEMON = 'ERROR: failed to build: failed to solve: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:40000: connect: connection refused"';

describe("registryFailure", () => {
  it("names the registry of a failed push, cache export or base image pull, and the cause", () => {
    for (const stderr of [PUSH, CACHE, PULL]) {
      assert.deepEqual(registryFailure(stderr), { registry: "127.0.0.1:9", cause: "dial tcp 127.0.0.1:9: connect: connection refused" });
      assert.ok(lostConnection(stderr), "the words alone would take it for a lost daemon, which is why registryFailure is asked first");
    }
  });

  it("leaves a lost daemon and a failed RUN step alone", () => {
    assert.equal(registryFailure(LOST_DAEMON), undefined);
    assert.equal(registryFailure('ERROR: failed to build: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2'), undefined);
    // A progress line that mentions a registry does not count: only buildx's own ERROR line does.
    assert.equal(registryFailure(`{"statuses":[{"id":"pushing http://r:5000/v2/a"}]}\n${LOST_DAEMON}`), undefined);
  });
});
