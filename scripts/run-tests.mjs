// Runs the compiled tests with Node's own test runner: `unit`, `integration`, or both (default).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const suites = process.argv[2] ? [process.argv[2]] : ["unit", "integration"];
const files = suites.flatMap((suite) => {
  const dir = join("build", "test", suite);
  return readdirSync(dir).filter((f) => f.endsWith(".test.js")).sort().map((f) => join(dir, f));
});
// One file at a time: the integration tests start daemons, and the machine has two cores.
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
