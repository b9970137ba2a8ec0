import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { OUTPUT_AFTER_EXIT_MS, runCommand } from "../../src/process/spawn.js";

describe("running a command", () => {
  it("returns once the command exits, though a process it left running holds its output open", async () => {
    // The shell starts a sleep that inherits stdout and stderr, prints its pid and exits at once.
    const started = Date.now();
    const result = await runCommand("sh", ["-c", "sleep 60 & echo $!"], { env: { PATH: process.env["PATH"] ?? "" } });
    const waited = Date.now() - started;
    const pid = Number.parseInt(result.stdout.trim(), 10);
    try {
      assert.equal(result.code, 0);
      assert.ok(Number.isInteger(pid), result.stdout);
      // Waiting for the pipes would take the sleep's 60 s; 30 s leaves a busy 2-core machine
      // ample room beyond the OUTPUT_AFTER_EXIT_MS the command is given.
      assert.ok(waited >= OUTPUT_AFTER_EXIT_MS - 100 && waited < 30_000, `returned after ${waited} ms`);
    } finally {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  });

  it("keeps all the output of a command that exits at once, and its exit code", async () => {
    const result = await runCommand("sh", ["-c", "seq 1 20000; echo oops >&2; exit 3"], { env: { PATH: process.env["PATH"] ?? "" } });
    assert.equal(result.code, 3);
    assert.equal(result.stdout.trim().split("\n").length, 20000);
    assert.equal(result.stderr.trim(), "oops");
  });
});
