import assert from "node:assert/strict";
import { visibleOutput, type ActionRun } from "../bed/runner.js";

/**
 * Asserts that no secret reached anything the action printed or wrote: no line of a PEM body, no
 * base64 form of it, no build secret value. `::add-mask::` lines are the runner's protocol, which
 * it consumes, so they are left out of what counts as printed.
 */
export function assertNoLeak(run: ActionRun, pems: readonly string[], values: readonly string[] = []): void {
  const printed = `${visibleOutput(run.main.output)}\n${visibleOutput(run.post.output)}\n${run.files}`;
  for (const pem of pems) {
    const body = pem.split("\n").filter((l) => l.length >= 16 && !l.startsWith("-----"));
    assert.ok(body.length > 0);
    for (const line of body) assert.ok(!printed.includes(line), `a PEM body line leaked: ${line.slice(0, 8)}...`);
    const b64 = Buffer.from(pem).toString("base64");
    for (let at = 0; at + 32 <= b64.length; at += 32) {
      assert.ok(!printed.includes(b64.slice(at, at + 32)), "a piece of a base64 secret leaked");
    }
  }
  for (const value of values) assert.ok(!printed.includes(value), "a build secret value leaked");
}
