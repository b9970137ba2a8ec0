import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startBed, type Bed } from "../bed/bed.js";
import { base64 } from "../bed/certs.js";
import { runAction, visibleOutput } from "../bed/runner.js";
import { assertNoLeak } from "./leaks.js";

/** Each bad input fails fast, with an error that names the input and the fix, and shows no secret. */
describe("bad inputs, against the real daemon", () => {
  let bed: Bed;
  before(async () => {
    bed = await startBed();
  });
  after(() => bed.stop());

  const cases: Array<[string, (bed: Bed) => Record<string, string>, RegExp]> = [
    ["bad base64", () => ({ "ca-cert": "%%%not-base64%%%" }), /ca-cert: is neither PEM text nor base64\. Fix: /],
    ["base64 that is not a PEM", () => ({ "client-cert": base64("hello, world") }), /client-cert: is base64, but of something other than a PEM file/],
    ["a key that does not match", (b) => ({ "client-key": base64(b.certs.expiredClient.key) }), /client-key: does not belong to the certificate in client-cert/],
    ["an expired client certificate", (b) => ({ "client-cert": base64(b.certs.expiredClient.cert), "client-key": base64(b.certs.expiredClient.key) }),
      /client-cert: expired on \d{4}-/],
    ["a client certificate from another CA", (b) => ({ "client-cert": base64(b.certs.clientFromOtherCa.cert), "client-key": base64(b.certs.clientFromOtherCa.key) }),
      /client-cert: was not issued by the CA in ca-cert/],
    ["swapped certificate and key", (b) => ({ "client-cert": base64(b.certs.client.key), "client-key": base64(b.certs.client.cert) }),
      /client-cert: holds a PRIVATE KEY, not a certificate\. Fix: check that client-cert and client-key are not swapped/],
    ["an endpoint that is not tcp://", () => ({ endpoint: "https://127.0.0.1:1234" }), /endpoint: scheme https:\/\/ is not supported/],
    ["push without tags", () => ({ push: "true" }), /tags: push is true but no image name is given/],
    ["an unknown boolean", () => ({ load: "maybe" }), /load: expected true or false, got "maybe"\. Fix: set load to true or false/],
  ];
  for (const [what, inputs, message] of cases) {
    it(`fails within seconds on ${what}`, async () => {
      const run = await runAction({ inputs: { ...bed.connection(), ...inputs(bed) } });
      assert.equal(run.main.code, 1, visibleOutput(run.main.output));
      const errors = run.main.output.split("\n").filter((l) => l.startsWith("::error::"));
      assert.equal(errors.length, 1, visibleOutput(run.main.output));
      assert.match(errors[0] ?? "", message);
      // The step ends in the inputs, before it reports a time, so the process's time it is. It makes no
      // connection and runs no buildx: Node's start and the bundle's load take about 0.3 s here and up
      // to 2 s on a 2-core machine busy with other builds; a connection attempt would add
      // connect-timeout (10 s). 5 s tells the two apart.
      assert.ok(run.main.ms < 5000, `took ${run.main.ms} ms`);
      assert.equal(run.post.code, 0);
      const { certs } = bed;
      assertNoLeak(run, [certs.ca.cert, certs.client.cert, certs.client.key, certs.expiredClient.key, certs.clientFromOtherCa.key]);
    });
  }
});
