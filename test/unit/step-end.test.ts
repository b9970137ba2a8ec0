import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StepEnd } from "../../src/run/finish.js";

describe("StepEnd: the step's first error wins", () => {
  it("fails with the end's error when the build itself did not fail", async () => {
    const end = new StepEnd(undefined);
    await end.run("Writing the step summary", async () => {
      throw new Error("disk full");
    });
    let ran = false;
    await end.run("Printing the summary", async () => void (ran = true));
    assert.ok(ran, "a task after a failed one still runs");
    assert.deepEqual(end.laterErrors, ["Writing the step summary failed: disk full"]);
    assert.throws(() => end.settle(), /^Error: Writing the step summary failed: disk full$/);
  });

  it("rethrows the build's error itself when nothing else failed, and adds later ones as further lines", async () => {
    const original = new RangeError("the build failed");
    const quiet = new StepEnd({ error: original });
    await quiet.run("Writing the step summary", async () => undefined);
    assert.throws(() => quiet.settle(), (err: unknown) => err === original);
    const noisy = new StepEnd({ error: original });
    await noisy.run("Removing the builder", async () => {
      throw new Error("EBUSY");
    });
    assert.throws(() => noisy.settle(), (err: unknown) => err instanceof Error && err.message === "the build failed\nRemoving the builder failed: EBUSY" && err.cause === original);
    assert.doesNotThrow(() => new StepEnd(undefined).settle());
  });
});
